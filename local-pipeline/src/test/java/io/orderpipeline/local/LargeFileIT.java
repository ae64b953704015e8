package io.orderpipeline.local;

import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A 100,000-order file through the whole pipeline: it completes and every order is accounted for. */
class LargeFileIT {
    private static final int ORDERS = 100_000;
    private static final int INVALID_EVERY = 100;

    @Test
    void aHundredThousandOrdersCompleteAndAreConserved() throws Exception {
        var phase = System.nanoTime();
        var file = new ByteArrayOutputStream();
        int invalid = 0;
        for (int i = 0; i < ORDERS; i++) {
            var bad = i % INVALID_EVERY == 0;
            invalid += bad ? 1 : 0;
            var order = bad ? OrderFiles.invalid(OrderFiles.id("BIG", i), i) : OrderFiles.valid(OrderFiles.id("BIG", i), i);
            file.write(order.toString().getBytes(StandardCharsets.UTF_8));
            file.write('\n');
        }
        System.err.printf(Locale.ROOT, "LargeFileIT: file generated in %.1f s%n", (System.nanoTime() - phase) / 1e9);
        phase = System.nanoTime();
        try (var environment = LocalEnvironment.startOwn();
             var pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options())) {
            System.err.printf(Locale.ROOT, "LargeFileIT: emulators and pipeline up in %.1f s%n", (System.nanoTime() - phase) / 1e9);
            var started = System.nanoTime();
            var outcome = pipeline.upload(file.toByteArray(), "incoming/big.jsonl");
            var seconds = (System.nanoTime() - started) / 1e9;
            phase = System.nanoTime();
            var report = pipeline.report(outcome);
            System.err.printf(Locale.ROOT, "LargeFileIT: counted the table and the DLQ in %.1f s%n", (System.nanoTime() - phase) / 1e9);

            System.err.printf(Locale.ROOT, "LargeFileIT: %,d orders (%,d bytes) in %.1f s = %,.0f orders/s, %,d child executions%n",
                    ORDERS, file.size(), seconds, ORDERS / seconds, outcome.result().stats().childExecutions());
            assertThat(outcome.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.read()).isEqualTo(ORDERS);
            assertThat(report.inTable()).isEqualTo(ORDERS - invalid);
            assertThat(report.dlqByReason()).isEqualTo(Map.of("TOTAL_MISMATCH", (long) invalid));
            assertThat(report.conserved()).isTrue();
            assertThat(pipeline.inspector().countItems()).isEqualTo(ORDERS - invalid);
            phase = System.nanoTime();
        }
        System.err.printf(Locale.ROOT, "LargeFileIT: stopped in %.1f s%n", (System.nanoTime() - phase) / 1e9);
    }
}
