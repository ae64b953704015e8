package io.orderpipeline.local.report;

import io.orderpipeline.asl.ExecutionResult;
import io.orderpipeline.asl.ExecutionStats;
import io.orderpipeline.asl.ExecutionStatus;
import io.orderpipeline.local.UploadOutcome;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummaryTest {

    private static FileReport file(String key, long read, long inTable, Map<String, Long> dlq) {
        var stats = new ExecutionStats(10, 20, 1, 30, 500, 1, Map.of());
        var usage = new Usage(10, 1, 0.1, List.of(new Usage.FunctionUsage("ValidatorFunction", "arm64", 1, 0.5)),
                inTable, 0, 3, 2, 1);
        var outcome = new UploadOutcome("orders-bucket", key, "v1", 100, true, "arn:exec:" + key,
                new ExecutionResult(ExecutionStatus.SUCCEEDED, null, null, null, stats), read, 1, 0, Duration.ofMillis(800), usage);
        return new FileReport(outcome, inTable, dlq, 0, null);
    }

    private static String print(RunSummary summary) {
        var out = new ByteArrayOutputStream();
        summary.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordMissingFromBothTableAndDlqFailsTheCheckAndIsNamed() {
        var summary = new RunSummary(List.of(file("incoming/a.json", 10, 7, Map.of("TOTAL_MISMATCH", 3L)),
                file("incoming/b.json", 5, 3, Map.of("MISSING_FIELD", 1L))), Duration.ofSeconds(2), Prices.US_EAST_1, 10);

        assertThat(summary.conserved()).isFalse();
        var text = print(summary);
        assertThat(text).contains("Conservation      FAILED");
        assertThat(text).contains("incoming/b.json: read 5, table 3, DLQ 1 -> 1 unaccounted for");
        assertThat(text).doesNotContain("incoming/a.json: read");
        assertThat(text).containsPattern("Invalid, in DLQ\\s+4  \\(MISSING_FIELD 1, TOTAL_MISMATCH 3\\)");
    }

    @Test
    void totalsAddUpAcrossFiles() {
        var summary = new RunSummary(List.of(file("incoming/a.json", 10, 7, Map.of("TOTAL_MISMATCH", 3L)),
                file("incoming/b.csv", 4, 4, Map.of())), Duration.ofSeconds(2), Prices.US_EAST_1, 11);

        assertThat(summary.conserved()).isTrue();
        assertThat(summary.read()).isEqualTo(14);
        assertThat(summary.inTable()).isEqualTo(11);
        assertThat(summary.usage().standardStateTransitions()).isEqualTo(20);
        assertThat(summary.usage().functions()).singleElement().satisfies(f -> assertThat(f.invocations()).isEqualTo(2));
        assertThat(print(summary)).contains("Conservation      OK").containsPattern("Time\\s+2.0 s, 7 orders/s");
    }

    @Test
    void missingResourcesAndRefusedFilesAreReportedWithTheUnaccountedCount() {
        var refused = new FileReport(UploadOutcome.notUploaded("orders-bucket", "incoming/c.csv", 10, Duration.ofMillis(5),
                new io.orderpipeline.local.MissingResourceException("bucket", "orders-bucket",
                        "NoSuchBucket: The specified bucket does not exist", null)), 0, Map.of(), 0, null);
        var summary = new RunSummary(List.of(file("incoming/a.json", 10, 6, Map.of()), refused), Duration.ofSeconds(1),
                Prices.US_EAST_1, null, List.of("DLQ: the queue http://q/OrdersDlq does not exist (QueueDoesNotExist: gone)"), 4);

        assertThat(summary.conserved()).isFalse();
        assertThat(summary.unaccounted()).isEqualTo(4);
        assertThat(summary.notUploaded()).containsExactly(refused);
        var text = print(summary);
        assertThat(text).containsPattern("incoming/c.csv\\s+NOT STORED")
                .contains("incoming/c.csv: not stored in S3, nothing processed: the bucket orders-bucket does not exist")
                .doesNotContain("incoming/c.csv: the EventBridge rule did not match")
                .contains("Valid, in table   6  (the table could not be read)")
                .contains("  DLQ: the queue http://q/OrdersDlq does not exist (QueueDoesNotExist: gone)")
                .contains("Conservation      FAILED: 4 orders unaccounted for")
                .contains("note: 4 DLQ messages were in flight");
    }
}
