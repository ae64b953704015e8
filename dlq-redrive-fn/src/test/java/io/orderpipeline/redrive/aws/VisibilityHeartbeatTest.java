package io.orderpipeline.redrive.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.orderpipeline.redrive.aws.AwsHarness.attributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

/**
 * The SQS adapter holds DLQ messages in short visibility windows that it extends while the run works (a heartbeat),
 * so the messages of a run that is killed come back within one window, not after the run's whole budget.
 */
class VisibilityHeartbeatTest {

    private final AwsHarness h = new AwsHarness();

    @Test
    void aRunThatDiesMidWayLeavesItsMessagesInvisibleForOneWindowOnly() {
        for (int i = 0; i < 10; i++) {
            h.sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-K" + i), ReasonCode.INVALID_SKU),
                    attributes(ReasonCode.INVALID_SKU));
        }
        List<Instant> invisibleUntilAtFirstPut = new ArrayList<>();
        h.core.table.throttle = id -> {
            // the moment a kill -9 (or a Lambda timeout) would stop the run: nothing released, nothing extended any more
            if (invisibleUntilAtFirstPut.isEmpty()) {
                h.sqs.messages(Dlq.DLQ).forEach(m -> invisibleUntilAtFirstPut.add(m.invisibleUntil));
            }
            return false;
        };

        JsonNode summary = h.run("{\"timeBudgetSeconds\": 840}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(10);
        // with a visibility timeout covering the 840 s budget they would have stayed hidden for 15 minutes
        assertThat(invisibleUntilAtFirstPut).hasSize(10)
                .allSatisfy(until -> assertThat(until).isEqualTo(Dlq.NOW.plus(VisibilityHeartbeat.WINDOW)));
    }

    @Test
    void heldMessagesStayInvisibleThroughSlowStepsAndAreReleasedAtTheEnd() {
        // received first and held to the end of the run (filtered out), while each put of the others takes 12 s
        for (int i = 0; i < 10; i++) {
            h.sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-F" + i), ReasonCode.TOTAL_MISMATCH),
                    attributes(ReasonCode.TOTAL_MISMATCH));
        }
        for (int i = 0; i < 10; i++) {
            h.sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-S" + i), ReasonCode.INVALID_SKU),
                    attributes(ReasonCode.INVALID_SKU));
        }
        List<String> reappeared = new ArrayList<>();
        h.core.table.throttle = id -> {
            h.core.clock.advance(Duration.ofSeconds(12));
            h.sqs.messages(Dlq.DLQ).stream()
                    .filter(m -> !m.receipts.isEmpty() && !m.invisibleUntil.isAfter(h.core.clock.instant()))
                    .forEach(m -> reappeared.add(m.messageId));
            return false;
        };

        JsonNode summary = h.run("{\"reasonCode\": \"INVALID_SKU\", \"maxMessages\": 1000}");

        assertThat(reappeared).as("held messages visible again while the run still held them").isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(10);
        assertThat(summary.path("filteredOut").asInt()).as("each filtered message received once, not again after 30 s")
                .isEqualTo(10);
        verify(h.sqs.client, atLeastOnce()).changeMessageVisibilityBatch(argThat((ChangeMessageVisibilityBatchRequest r) ->
                r.entries().stream().allMatch(e -> e.visibilityTimeout() == VisibilityHeartbeat.WINDOW.toSeconds())));
        assertThat(h.sqs.visible(Dlq.DLQ)).as("released at the end").hasSize(10);
    }
}
