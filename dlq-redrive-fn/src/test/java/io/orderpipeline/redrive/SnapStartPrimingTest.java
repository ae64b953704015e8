package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.redrive.aws.CannedAwsHttpClient;
import io.orderpipeline.redrive.core.Harness;
import io.orderpipeline.redrive.core.Triage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapStartPrimingTest {

    private final Harness h = new Harness();
    private final RedriveHandler handler = InMemoryHandler.of(h, Tracing.lambda());

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
    void thePrimingPassTriagesTheSamplesAndMakesTheCallsOfARunThroughTheAdapters() throws IOException {
        SnapStartPriming.Result result = handler.priming().prime();

        assertThat(result.decisions()).hasSize(2);
        assertThat(result.decisions().get(0)).isInstanceOfSatisfying(Triage.Passes.class,
                passes -> assertThat(passes.item().path("orderId").path("S").asText()).isEqualTo("PRIMING-0001"));
        assertThat(result.decisions().get(1)).isInstanceOfSatisfying(Triage.StillInvalid.class,
                still -> assertThat(still.refreshed().primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH));
        // every call went through a real SDK client, answered by the canned HTTP client, not the function's ports
        assertThat(result.calls()).extracting(CannedAwsHttpClient.Call::operation).containsExactly(
                "AmazonSQS.ReceiveMessage", "DynamoDB_20120810.PutItem", "AmazonSQS.DeleteMessageBatch",
                "AmazonSQS.SendMessageBatch");
        assertThat(result.calls().get(0).request().path("QueueUrl").asText()).isEqualTo(Dlq.DLQ);
        assertThat(result.calls().get(1).request().path("TableName").asText()).isEqualTo(Dlq.TABLE);
        assertThat(result.calls().get(1).request().at("/Item/orderId/S").asText()).isEqualTo("PRIMING-0001");
        assertThat(result.calls().get(3).request().at("/Entries/0/MessageAttributes/reasonCode/StringValue").asText())
                .isEqualTo("TOTAL_MISMATCH");
        assertThat(h.journal).isEmpty();
    }

    @Test
    void everyPassMakesTheRunsCallsAgainThroughTheSamePrimingClients() throws IOException {
        handler.priming().prime();
        SnapStartPriming.Result second = handler.priming().prime();

        assertThat(second.calls()).extracting(CannedAwsHttpClient.Call::operation).containsExactly(
                "AmazonSQS.ReceiveMessage", "DynamoDB_20120810.PutItem", "AmazonSQS.DeleteMessageBatch",
                "AmazonSQS.SendMessageBatch");
        assertThat(h.journal).isEmpty();
    }

    @Test
    void beforeCheckpointCallsNoClientPrintsNoMetricsAndLogsOnlyThePrimingLine() {
        String stdout = stdoutOf(() -> handler.priming().beforeCheckpoint(null));

        assertThat(h.journal).isEmpty();
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
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU),
                Harness.attributes(ReasonCode.INVALID_SKU));

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
        assertThat(h.table.items).containsOnlyKeys("ORD-1");
        assertThat(h.queue.dlq()).isEmpty();
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
