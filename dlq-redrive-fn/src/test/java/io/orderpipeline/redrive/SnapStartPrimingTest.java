package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

class SnapStartPrimingTest {

    private MutableClock clock;
    private FakeSqs sqs;
    private FakeTable table;
    private final FakeS3 s3 = new FakeS3();
    private RedriveHandler handler;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Dlq.NOW);
        sqs = new FakeSqs(clock, Dlq.DLQ, Dlq.PARKING);
        table = new FakeTable();
        handler = new RedriveHandler(Dlq.environment(5), sqs.client, table.client, s3.client, clock, Tracing.lambda());
    }

    /** Everything printed to stdout while {@code work} runs (logs and EMF documents go there). */
    private static synchronized String stdoutOf(Runnable work) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.out.flush();
            System.setOut(original);
            original.print(captured.toString(StandardCharsets.UTF_8));
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> jsonLines(String stdout) {
        return Arrays.stream(stdout.split("\n")).filter(l -> l.startsWith("{")).map(l -> {
            try {
                return Json.read(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void thePrimingPassTriagesTheSamplesAndBuildsTheRequestsOfARun() throws IOException {
        SnapStartPriming.Result result = handler.priming().prime();

        assertThat(result.decisions()).hasSize(2);
        assertThat(result.decisions().get(0)).isInstanceOfSatisfying(Triage.Passes.class,
                passes -> assertThat(passes.item().path("orderId").path("S").asText()).isEqualTo("PRIMING-0001"));
        assertThat(result.decisions().get(1)).isInstanceOfSatisfying(Triage.StillInvalid.class,
                still -> assertThat(still.refreshed().primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH));
        assertThat(result.requests()).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(ReceiveMessageRequest.class,
                receive -> assertThat(receive.queueUrl()).isEqualTo(Dlq.DLQ)));
        assertThat(result.requests()).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(PutItemRequest.class,
                put -> assertThat(put.tableName()).isEqualTo(Dlq.TABLE)));
        assertThat(result.requests()).anySatisfy(r -> assertThat(r).isInstanceOf(SendMessageBatchRequest.class));
        // every request went through a real SDK client, answered by the canned HTTP client, not the function's clients
        assertThat(result.operationsSent()).containsExactly("AmazonSQS.ReceiveMessage", "DynamoDB_20120810.PutItem",
                "AmazonSQS.DeleteMessageBatch", "AmazonSQS.SendMessageBatch");
        verifyNoInteractions(sqs.client, table.client);
    }

    @Test
    void everyPassSendsTheRunsCallsAgainThroughTheSamePrimingClients() throws IOException {
        handler.priming().prime();
        SnapStartPriming.Result second = handler.priming().prime();

        assertThat(second.operationsSent()).containsExactly("AmazonSQS.ReceiveMessage", "DynamoDB_20120810.PutItem",
                "AmazonSQS.DeleteMessageBatch", "AmazonSQS.SendMessageBatch");
        verifyNoInteractions(sqs.client, table.client);
    }

    @Test
    void beforeCheckpointCallsNoClientPrintsNoMetricsAndLogsOnlyThePrimingLine() {
        String stdout = stdoutOf(() -> handler.priming().beforeCheckpoint(null));

        verifyNoInteractions(sqs.client, table.client);
        assertThat(stdout).doesNotContain("\"_aws\"").doesNotContain(RedriveMetrics.REDRIVEN);
        // no business line, and no WARN either: a WARN would mean the priming failed and was swallowed
        List<JsonNode> lines = jsonLines(stdout);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().path("message").asText()).isEqualTo("SnapStart priming done");
        assertThat(lines.getFirst().path("level").asText()).isEqualTo("INFO");
        assertThat(lines.getFirst().path("functionPathWarmed").asBoolean()).isTrue();
        assertThat(lines.getFirst().path("function_request_id").asText()).isEqualTo("snapstart-priming");
    }

    @Test
    void aRealRunAfterPrimingRedrivesAndPublishesItsMetrics() {
        stdoutOf(() -> handler.priming().beforeCheckpoint(null));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<JsonNode> lines = jsonLines(stdoutOf(() -> {
            try {
                handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out,
                        TestContext.withRemaining(600_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"redriven\":1");
        assertThat(table.items).containsOnlyKeys("ORD-1");
        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        List<JsonNode> emf = lines.stream()
                .filter(l -> l.path("_aws").has("CloudWatchMetrics") && l.has(RedriveMetrics.REDRIVEN)).toList();
        assertThat(emf).hasSize(1);
        assertThat(emf.get(0).get(RedriveMetrics.REDRIVEN).asInt()).isEqualTo(1);
        assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("redrive finished"));
    }

    @Test
    void afterRestoreIsQuiet() {
        assertThat(stdoutOf(() -> handler.priming().afterRestore(null)).strip()).isEmpty();
    }
}
