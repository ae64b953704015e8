package io.orderpipeline.lambda.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.lambda.context.InvocationContext;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.common.internal.LambdaHandlerProcessor;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The EMF documents every function emits through Powertools (stdout outside Lambda, as surefire sets it up). */
class FunctionMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static synchronized List<JsonNode> emfOf(Runnable work) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> l.startsWith("{")).map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).filter(l -> l.path("_aws").has("CloudWatchMetrics")).toList();
    }

    private static InvocationContext context(String requestId) {
        return new InvocationContext(requestId, "Function", "1", "arn:aws:lambda:us-east-1:000000000000:function:Function",
                "/aws/lambda/Function", "stream", 512, InvocationContext.fixed(60_000), System.out);
    }

    @Test
    void theColdStartIsCountedOnceInTheFunctionsNamespace() {
        var metrics = new FunctionMetrics("ColdStartTest");
        boolean cold = LambdaHandlerProcessor.isColdStart();

        List<JsonNode> first = emfOf(() -> metrics.captureColdStart(context("req-1")));
        // what Powertools' logging does when the first invocation runs
        LambdaHandlerProcessor.coldStartDone();
        List<JsonNode> second = emfOf(() -> metrics.captureColdStart(context("req-2")));

        assertThat(first).hasSize(cold ? 1 : 0).allSatisfy(doc -> {
            assertThat(doc.path("ColdStart").asDouble()).isEqualTo(1.0);
            assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("ColdStartTest");
        });
        assertThat(second).isEmpty();
    }

    @Test
    void eachFlushIsADocumentOfItsOwnInTheNamespace() {
        var metrics = new FunctionMetrics("FlushTest");

        List<JsonNode> docs = emfOf(() -> {
            metrics.flush(m -> m.addMetric("Stored", 3, MetricUnit.COUNT));
            metrics.flushSingle("ByReason", 2, MetricUnit.COUNT, DimensionSet.of("reasonCode", "TOTAL_MISMATCH"));
        });

        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).path("Stored").asDouble()).isEqualTo(3.0);
        assertThat(docs.get(1).path("ByReason").asDouble()).isEqualTo(2.0);
        assertThat(docs.get(1).path("reasonCode").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(docs).allSatisfy(doc ->
                assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("FlushTest"));
    }
}
