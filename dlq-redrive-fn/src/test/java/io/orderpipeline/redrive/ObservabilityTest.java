package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.redrive.core.Harness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators see: JSON log lines with per-message correlation ids, and the EMF metrics. */
class ObservabilityTest {

    private final Harness h = new Harness();

    private synchronized List<JsonNode> stdoutOf(String request) throws IOException {
        RedriveHandler handler = InMemoryHandler.of(h, Tracing.lambda());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), TestContext.withRemaining(600_000));
        } finally {
            System.out.flush();
            System.setOut(original);
            original.print(captured.toString(StandardCharsets.UTF_8));
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Json.read(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> emfWith(List<JsonNode> lines, String metric) {
        return lines.stream().filter(l -> l.path("_aws").has("CloudWatchMetrics") && l.has(metric)).toList();
    }

    @Test
    void aRunEmitsItsCountsAsEmfAndLogsEachMessageUnderItsLineage() throws IOException {
        String valid = h.queue.put(Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU),
                Harness.attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-2"), ReasonCode.TOTAL_MISMATCH),
                Harness.redriven(ReasonCode.TOTAL_MISMATCH, 1, "lineage-2"));

        List<JsonNode> lines = stdoutOf("{}");

        List<JsonNode> emf = emfWith(lines, RedriveMetrics.REDRIVEN);
        assertThat(emf).hasSize(1);
        JsonNode doc = emf.getFirst();
        assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("OrderPipelineTest");
        assertThat(doc.path(RedriveMetrics.REDRIVEN).asDouble()).isEqualTo(1.0);
        assertThat(doc.path(RedriveMetrics.STILL_INVALID).asDouble()).isEqualTo(1.0);
        assertThat(doc.path(RedriveMetrics.ERRORS).asDouble()).isZero();
        assertThat(doc.path(RedriveMetrics.CONFLICTS).asDouble()).isZero();
        assertThat(doc.path(RedriveMetrics.PARKED).asDouble()).isZero();

        assertThat(lines).filteredOn(l -> "REDRIVEN".equals(l.path("outcome").asText()))
                .singleElement().satisfies(l -> {
                    assertThat(l.path("correlation_id").asText()).isEqualTo(valid);
                    assertThat(l.path("messageId").asText()).isEqualTo(valid);
                    assertThat(l.path("orderId").asText()).isEqualTo("ORD-1");
                });
        assertThat(lines).filteredOn(l -> "STILL_INVALID".equals(l.path("outcome").asText()))
                .singleElement().satisfies(l -> {
                    assertThat(l.path("correlation_id").asText()).isEqualTo("lineage-2");
                    assertThat(l.path("reason").asText()).isEqualTo("TOTAL_MISMATCH");
                    assertThat(l.path("redriveAttempts").asInt()).isEqualTo(2);
                });
        JsonNode finished = lines.stream().filter(l -> "redrive finished".equals(l.path("message").asText()))
                .findFirst().orElseThrow();
        assertThat(finished.path("summary").path("redriven").asInt()).isEqualTo(1);
        assertThat(finished.path("function_request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void aDryRunPublishesNoCounts() throws IOException {
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), Harness.attributes(ReasonCode.INVALID_SKU));

        List<JsonNode> lines = stdoutOf("{\"dryRun\": true}");

        assertThat(emfWith(lines, RedriveMetrics.REDRIVEN)).isEmpty();
        assertThat(lines).anyMatch(l -> "redrive finished".equals(l.path("message").asText())
                && l.path("summary").path("dryRun").asBoolean());
    }
}
