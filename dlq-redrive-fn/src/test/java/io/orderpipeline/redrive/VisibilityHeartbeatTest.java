package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.ReasonCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

/**
 * The redrive holds DLQ messages in short visibility windows that it extends while it works (a heartbeat), so the
 * messages of a run that is killed come back within one window, not after the run's whole budget.
 */
class VisibilityHeartbeatTest {
    private MutableClock clock;
    private FakeSqs sqs;
    private FakeTable table;
    private final FakeS3 s3 = new FakeS3();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Dlq.NOW);
        sqs = new FakeSqs(clock, Dlq.DLQ, Dlq.PARKING);
        table = new FakeTable();
    }

    private JsonNode run(String request) {
        RedriveHandler handler = new RedriveHandler(Dlq.environment(5), sqs.client, table.client, s3.client, clock, Tracing.lambda());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out,
                    TestContext.withRemaining(900_000));
            return Json.read(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRunThatDiesMidWayLeavesItsMessagesInvisibleForOneWindowOnly() {
        for (int i = 0; i < 10; i++) {
            sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-K" + i), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        }
        List<Instant> invisibleUntilAtFirstPut = new ArrayList<>();
        table.throttle = id -> {
            // the moment a kill -9 (or a Lambda timeout) would stop the run: nothing released, nothing extended any more
            if (invisibleUntilAtFirstPut.isEmpty()) {
                sqs.messages(Dlq.DLQ).forEach(m -> invisibleUntilAtFirstPut.add(m.invisibleUntil));
            }
            return false;
        };

        JsonNode summary = run("{\"timeBudgetSeconds\": 840}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(10);
        // with a visibility timeout covering the 840 s budget they would have stayed hidden for 15 minutes
        assertThat(invisibleUntilAtFirstPut).hasSize(10)
                .allSatisfy(until -> assertThat(until).isEqualTo(Dlq.NOW.plus(RedriveHandler.VISIBILITY_WINDOW)));
    }

    @Test
    void heldMessagesStayInvisibleThroughSlowStepsAndAreReleasedAtTheEnd() {
        // received first and held to the end of the run (filtered out), while each put of the others takes 12 s
        for (int i = 0; i < 10; i++) {
            sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-F" + i), ReasonCode.TOTAL_MISMATCH),
                    Dlq.attributes(ReasonCode.TOTAL_MISMATCH));
        }
        for (int i = 0; i < 10; i++) {
            sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-S" + i), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        }
        List<String> reappeared = new ArrayList<>();
        table.throttle = id -> {
            clock.advance(Duration.ofSeconds(12));
            sqs.messages(Dlq.DLQ).stream().filter(m -> !m.receipts.isEmpty() && !m.invisibleUntil.isAfter(clock.instant()))
                    .forEach(m -> reappeared.add(m.messageId));
            return false;
        };

        JsonNode summary = run("{\"reasonCode\": \"INVALID_SKU\", \"maxMessages\": 1000}");

        assertThat(reappeared).as("held messages visible again while the run still held them").isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(10);
        assertThat(summary.path("filteredOut").asInt()).as("each filtered message received once, not again after 30 s")
                .isEqualTo(10);
        verify(sqs.client, atLeastOnce()).changeMessageVisibilityBatch(argThat((ChangeMessageVisibilityBatchRequest r) ->
                r.entries().stream().allMatch(e -> e.visibilityTimeout() == RedriveHandler.VISIBILITY_WINDOW.toSeconds())));
        assertThat(sqs.visible(Dlq.DLQ)).as("released at the end").hasSize(10);
    }
}
