package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnapStartPrimingTest {

    private final ValidateBatchHandler handler = new ValidateBatchHandler(
            Map.of("POWERTOOLS_METRICS_NAMESPACE", ValidateBatchHandlerTest.NAMESPACE),
            Clock.fixed(ValidateBatchHandlerTest.NOW, ZoneOffset.UTC),
            new Tracing(() -> {
                throw new AssertionError("no X-Ray without a trace header");
            }, () -> false));

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

    @Test
    void thePrimingPassRunsTheRealPathOnTheBundledSample() throws IOException {
        JsonNode output = handler.priming().prime();

        assertThat(output.path("valid")).extracting(v -> v.path("orderId").asText())
                .containsExactly("PRIMING-0001", "PRIMING-0002");
        assertThat(output.path("invalid")).extracting(v -> v.path("orderId").asText()).containsExactly("PRIMING-0003");
    }

    @Test
    void beforeCheckpointPrintsNoMetricsAndOnlyThePrimingLine() {
        String stdout = stdoutOf(() -> handler.priming().beforeCheckpoint(null));

        List<JsonNode> lines = Invocation.lines(new ByteArrayOutputStream() {
            {
                writeBytes(stdout.getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(stdout).doesNotContain("\"_aws\"").doesNotContain(BatchMetrics.VALID_ORDERS);
        // no business line, and no WARN either: a WARN would mean the priming failed and was swallowed
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().path("message").asText()).isEqualTo("SnapStart priming done");
        assertThat(lines.getFirst().path("level").asText()).isEqualTo("INFO");
        assertThat(lines.getFirst().path("functionPathWarmed").asBoolean()).isTrue();
        assertThat(lines.getFirst().path("function_request_id").asText()).isEqualTo("snapstart-priming");
    }

    @Test
    void aRealInvokeAfterPrimingGivesItsOutputAndMetrics() throws IOException {
        stdoutOf(() -> handler.priming().beforeCheckpoint(null));

        Invocation run = Invocation.run(handler, ValidateBatchHandlerTest.batch("incoming/2026/11/after-priming.json",
                "JSON", ValidateBatchHandlerTest.validOrder("ORD-AFTER-1")), TestContext.of("req-after-priming"));

        assertThat(run.output().get("valid")).extracting(v -> v.get("orderId").asText()).containsExactly("ORD-AFTER-1");
        assertThat(run.output().path("counts").path("received").asInt()).isEqualTo(1);
        List<JsonNode> valid = run.emfWithMetric(BatchMetrics.VALID_ORDERS);
        assertThat(valid).hasSize(1);
        assertThat(valid.get(0).get(BatchMetrics.VALID_ORDERS).asInt()).isEqualTo(1);
        assertThat(run.logLines("batch validated")).hasSize(1);
    }

    @Test
    void afterRestoreIsQuiet() {
        assertThat(stdoutOf(() -> handler.priming().afterRestore(null)).strip()).isEmpty();
    }
}
