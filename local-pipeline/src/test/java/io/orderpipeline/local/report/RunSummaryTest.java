package io.orderpipeline.local.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStats;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.cost.Line;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private static UploadOutcome outcome(String key, ExecutionStatus status, String error, String cause) {
        var stats = new ExecutionStats(10, 20, 1, 30, 500, 1, Map.of());
        var usage = new Usage(Map.of(Line.STANDARD_TRANSITIONS, 10.0, Line.EXPRESS_REQUESTS, 1.0,
                Line.EXPRESS_DURATION, 0.1, Line.DYNAMODB_TABLE_WRITES, 7.0, Line.SQS_REQUESTS, 3.0,
                Line.S3_PUT_REQUESTS, 2.0, Line.S3_GET_REQUESTS, 1.0),
                List.of(new Usage.FunctionUsage("ValidatorFunction", "arm64", 1, 0.5, 4, 800)), java.util.Set.of(), 0, 0);
        return new UploadOutcome("orders-bucket", key, "v1", 100, true, "arn:exec:" + key,
                new ExecutionResult(status, null, error, cause, stats), 0, 1, 0, Duration.ofMillis(800), usage);
    }

    /** A report as the reconciler writes it (docs/data-contracts.md §6). */
    private static Reconciliation report(long read, long stored, long parked, long unaccounted, Map<String, Long> reasons) {
        ObjectNode json = JSON.createObjectNode();
        json.put("outcome", unaccounted > 0 ? "UNACCOUNTED" : "CONSERVED");
        json.putObject("counts").put("records", read).put("blank", 0).put("read", read).put("stored", stored)
                .put("parked", parked).put("parkedByReconciler", 1).put("altered", 0).put("unaccounted", unaccounted)
                .put("coveredByFileError", 0);
        var byReason = json.putObject("parkedByReason");
        reasons.forEach(byReason::put);
        var list = json.putArray("unaccounted");
        for (int i = 0; i < unaccounted; i++) {
            list.addObject().put("index", 9 - i).put("why", "its DLQ message could not be sent: SQS.SdkClientException: "
                    + "The specified queue does not exist.; parking it failed: SQS AWS.SimpleQueueService.NonExistentQueue");
        }
        json.putObject("requests").put("s3Get", 3).put("s3Put", 0).put("sqsSend", 1);
        return new Reconciliation("map-results/x/reconciliation.json", json);
    }

    private static FileReport file(String key, Reconciliation report) {
        return new FileReport(outcome(key, report.unaccounted() > 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED,
                report.unaccounted() > 0 ? "OrderFile.Unaccounted" : null, null), report);
    }

    private static String print(RunSummary summary) {
        var out = new ByteArrayOutputStream();
        summary.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOrderTheReconcilerCouldNotParkFailsTheCheckAndItsReasonIsPrinted() {
        var summary = new RunSummary(List.of(file("incoming/a.json", report(10, 7, 3, 0, Map.of("TOTAL_MISMATCH", 3L))),
                file("incoming/b.json", report(5, 3, 1, 1, Map.of("MISSING_FIELD", 1L)))), Duration.ofSeconds(2),
                Prices.US_EAST_1, 10);

        assertThat(summary.conserved()).isFalse();
        var text = print(summary);
        assertThat(text).contains("Conservation      FAILED");
        assertThat(text).contains("incoming/b.json: read 5, table 3, DLQ 1 -> 1 unaccounted for: #9 its DLQ message could not"
                + " be sent: SQS.SdkClientException");
        assertThat(text).doesNotContain("incoming/a.json: read");
        assertThat(text).containsPattern("In the DLQ\\s+4  \\(MISSING_FIELD 1, TOTAL_MISMATCH 3\\); 2 of them parked by the reconciler");
    }

    @Test
    void totalsAddUpAcrossFilesAndTheReconcilersRequestsAreCounted() {
        var summary = new RunSummary(List.of(file("incoming/a.json", report(10, 7, 3, 0, Map.of("TOTAL_MISMATCH", 3L))),
                file("incoming/b.csv", report(4, 4, 0, 0, Map.of()))), Duration.ofSeconds(2), Prices.US_EAST_1, 11);

        assertThat(summary.conserved()).isTrue();
        assertThat(summary.read()).isEqualTo(14);
        assertThat(summary.inTable()).isEqualTo(11);
        assertThat(summary.usage().quantity(Line.STANDARD_TRANSITIONS)).isEqualTo(20);
        assertThat(summary.usage().functions()).singleElement().satisfies(f -> assertThat(f.invocations()).isEqualTo(2));
        // each execution's 1 GET + 3 by the reconciler; 2 PUTs + the report's own
        assertThat(summary.usage().quantity(Line.S3_GET_REQUESTS)).isEqualTo(2 * (1 + 3));
        assertThat(summary.usage().quantity(Line.S3_PUT_REQUESTS)).isEqualTo(2 * (2 + 1));
        assertThat(print(summary)).contains("Conservation      OK").containsPattern("Time\\s+2.0 s, 7 orders/s");
    }

    @Test
    void theCostIsPrintedLineByLineWithTheWritesApartAndTheFigurePerMillionOrders() {
        var summary = new RunSummary(List.of(file("incoming/a.json", report(10, 7, 3, 0, Map.of("TOTAL_MISMATCH", 3L)))),
                Duration.ofSeconds(2), Prices.US_EAST_1, 7);

        var text = print(summary);
        for (var line : Line.values()) {
            if (!line.monthly()) {
                assertThat(text).as("the %s line", line).contains(line.label());
            }
        }
        var cost = summary.cost();
        assertThat(text).containsPattern("DynamoDB writes \\(table and indexes\\)\\s+\\$"
                + String.format(java.util.Locale.ROOT, "%.6f", cost.dynamoDbWrites()));
        assertThat(text).contains(String.format(java.util.Locale.ROOT,
                "per million orders (from the 10 read): $%.4f = DynamoDB writes $%.4f + everything else $%.4f",
                cost.total() * 100_000, cost.dynamoDbWrites() * 100_000, cost.everythingButDynamoDbWrites() * 100_000));
        assertThat(text).contains("monthly, not per order: 0 custom metrics");
    }

    @Test
    void aFileRejectedBeforeAnyOrderWasReadIsAccountedForWithoutAReport() {
        var rejected = new FileReport(outcome("incoming/a.txt", ExecutionStatus.FAILED, "OrderFile.UnsupportedFormat",
                "The key incoming/a.txt does not end in .json, .jsonl or .csv (in any case)"), null);
        var summary = new RunSummary(List.of(rejected), Duration.ofSeconds(1), Prices.US_EAST_1, 0);

        assertThat(summary.conserved()).isTrue();
        assertThat(print(summary)).contains("File failures     1").contains("incoming/a.txt: OrderFile.UnsupportedFormat");
    }

    @Test
    void anUnreadableFileNamesItsErrorOnceAndFailedChildrenKeepTheColumnsAligned() {
        ObjectNode json = JSON.createObjectNode();
        json.put("outcome", "CONSERVED");
        json.putObject("counts").put("records", 1).put("blank", 0).put("read", 1).put("stored", 0).put("parked", 0)
                .put("parkedByReconciler", 0).put("altered", 0).put("unaccounted", 0).put("coveredByFileError", 1);
        json.putObject("fileError").put("Error", "OrderFile.Unreadable")
                .put("Cause", "line 1, byte 582: Unexpected end-of-input [MALFORMED_JSON]");
        var unreadable = new FileReport(new UploadOutcome("orders-bucket", "incoming/t.json", "v1", 100, true,
                "arn:exec:t", new ExecutionResult(ExecutionStatus.FAILED, null, "OrderFile.Unreadable", "…",
                new ExecutionStats(10, 20, 1, 30, 500, 1, Map.of())), 0, 48, 12, Duration.ofMillis(800),
                Usage.of(Map.of(Line.STANDARD_TRANSITIONS, 10.0))), new Reconciliation("r.json", json));

        String text = print(new RunSummary(List.of(unreadable), Duration.ofSeconds(1), Prices.US_EAST_1, 0));

        assertThat(text).contains("incoming/t.json: OrderFile.Unreadable: line 1, byte 582")
                .doesNotContain("OrderFile.Unreadable - OrderFile.Unreadable");
        var lines = text.lines().toList();
        var header = lines.stream().filter(l -> l.startsWith("FILE")).findFirst().orElseThrow();
        var row = lines.stream().filter(l -> l.startsWith("incoming/t.json")).findFirst().orElseThrow();
        assertThat(row).contains("60 (12 failed)");
        assertThat(row.length()).as("the row ends under the TIME header").isEqualTo(header.length());
    }

    @Test
    void aFileTheReconcilerDidNotFinishIsNotConserved() {
        var unknown = new FileReport(outcome("incoming/a.json", ExecutionStatus.FAILED, "OrderFile.NotReconciled",
                "The file could not be reconciled: Lambda.Unknown: timed out"), null);
        var summary = new RunSummary(List.of(unknown), Duration.ofSeconds(1), Prices.US_EAST_1, 0);

        assertThat(summary.conserved()).isFalse();
        var text = print(summary);
        assertThat(text).contains("incoming/a.json: not checked: the reconciler could not read the file (see File"
                + " failures)");
        // the failure is named once, under File failures
        assertThat(text.split("timed out", -1)).hasSize(2);
    }

    @Test
    void aFileTheReconcilerCouldNotReadShowsTheMapsOwnCountsLabelledAndItsFailureOnce() {
        ObjectNode json = JSON.createObjectNode();
        json.put("outcome", "NOT_RECONCILED");
        json.putObject("counts").put("records", 0).put("read", 0).put("stored", 0).put("parked", 0);
        json.putObject("map").putObject("reported").put("records", 40).put("stored", 30).put("parked", 10);
        json.putObject("fileError").put("Error", "OrderFile.NotReconciled").put("Cause", "The reconciler could not"
                + " read the file to check it: cannot read s3://orders-bucket/incoming/n.json (version v1): Access"
                + " Denied; the Map's children reported 40 records: 30 stored, 10 parked (their own account, not"
                + " checked against the file)");
        var notRead = new FileReport(outcome("incoming/n.json", ExecutionStatus.FAILED, "OrderFile.NotReconciled",
                "The file could not be processed"), new Reconciliation("map-results/n/reconciliation.json", json));
        var summary = new RunSummary(List.of(notRead), Duration.ofSeconds(1), Prices.US_EAST_1, 30);

        assertThat(summary.conserved()).isFalse();
        var text = print(summary);
        var row = text.lines().filter(l -> l.startsWith("incoming/n.json")).findFirst().orElseThrow();
        assertThat(row).containsPattern("FAILED\\s+-\\s+30 map\\s+10 map");
        assertThat(text).contains("(\"map\": what the Map's children reported for a file the reconciler could not"
                + " read; not checked, not in the totals)");
        assertThat(text).contains("incoming/n.json: OrderFile.NotReconciled: The reconciler could not read the file"
                + " to check it:");
        assertThat(text).contains("incoming/n.json: not checked: the reconciler could not read the file (see File"
                + " failures); the Map's children reported 30 stored and 10 parked");
        assertThat(text.split("Access Denied", -1)).as("the failure is named once").hasSize(2);
        assertThat(text).doesNotContain("stackTrace").doesNotContain("read 0, table 0");
    }

    @Test
    void missingResourcesAndRefusedFilesAreReportedWithTheUnaccountedCount() {
        var refused = new FileReport(UploadOutcome.notUploaded("orders-bucket", "incoming/c.csv", 10, Duration.ofMillis(5),
                new io.orderpipeline.local.emulator.MissingResourceException("bucket", "orders-bucket",
                        "NoSuchBucket: The specified bucket does not exist", null)), null);
        var summary = new RunSummary(List.of(file("incoming/a.json", report(10, 6, 0, 4, Map.of())), refused),
                Duration.ofSeconds(1), Prices.US_EAST_1, null,
                List.of("orders table: the table OrdersTable does not exist (ResourceNotFoundException: gone)"), 3);

        assertThat(summary.conserved()).isFalse();
        assertThat(summary.unaccounted()).isEqualTo(4);
        assertThat(summary.notUploaded()).containsExactly(refused);
        var text = print(summary);
        assertThat(text).containsPattern("incoming/c.csv\\s+NOT STORED")
                .contains("incoming/c.csv: not stored in S3, nothing processed: the bucket orders-bucket does not exist")
                .doesNotContain("incoming/c.csv: the EventBridge rule did not match")
                .contains("Valid, in table   6  (the table could not be read)")
                .contains("  orders table: the table OrdersTable does not exist")
                .contains("Conservation      FAILED: 4 orders unaccounted for")
                .contains("note: 3 DLQ messages were in flight (received by another consumer); the accounting above"
                        + " comes from the reconcilers' reports and does not depend on them");
    }
}
