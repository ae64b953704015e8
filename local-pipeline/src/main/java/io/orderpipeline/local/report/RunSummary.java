package io.orderpipeline.local.report;

import io.orderpipeline.local.emulator.MissingResourceException;
import io.orderpipeline.local.cost.CostEstimate;
import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run report: per file, totals, the conservation check and what the same work would cost on AWS. It is
 * printed whatever happened inside the run (a missing table, queue or bucket included). Each file's accounting is its
 * reconciliation report (docs/data-contracts.md §6): what the pipeline itself proved, never a count of what is visible
 * in the DLQ (another consumer may hold messages in flight).
 *
 * @param tableItems items in the table after the run (files that share orders write the same items); null when the
 *                   table could not be read
 * @param missing    the template's resources found missing while reporting, in words
 * @param dlqInFlight DLQ messages another consumer held in flight when the run was reported: shown as a note only, the
 *                    accounting does not depend on them
 * @param tableIndexes the orders table's global secondary indexes (each write of the reconciler writes them too)
 */
public record RunSummary(List<FileReport> files, Duration elapsed, Prices prices, Long tableItems, List<String> missing,
                         long dlqInFlight, int tableIndexes) {

    public RunSummary(List<FileReport> files, Duration elapsed, Prices prices, long tableItems) {
        this(files, elapsed, prices, tableItems, List.of(), 0, 0);
    }

    public RunSummary(List<FileReport> files, Duration elapsed, Prices prices, Long tableItems, List<String> missing,
                      long dlqInFlight) {
        this(files, elapsed, prices, tableItems, missing, dlqInFlight, 0);
    }

    /**
     * Reads each execution's reconciliation report from {@code s3://bucket/<resultsPrefix><execution name>/
     * reconciliation.json} and counts the table. A bucket or table that does not exist is listed under
     * {@link #missing()}, never created.
     *
     * @param resultsPrefix the reconciler's MAP_RESULTS_PREFIX; null when the template has no reconciler
     * @param tableIndexes  the orders table's global secondary indexes
     */
    public static RunSummary inspect(List<UploadOutcome> outcomes, PipelineInspector inspector, String bucket,
                                     String resultsPrefix, Duration elapsed, Prices prices, int tableIndexes) {
        var missing = new ArrayList<String>();
        var reports = new ArrayList<FileReport>();
        for (var outcome : outcomes) {
            Reconciliation reconciliation = null;
            if (outcome.executionArn() != null && resultsPrefix != null) {
                var execution = outcome.executionArn().substring(outcome.executionArn().lastIndexOf(':') + 1);
                try {
                    reconciliation = inspector.reconciliation(bucket, resultsPrefix + execution + "/reconciliation.json")
                            .orElse(null);
                } catch (MissingResourceException e) {
                    if (missing.stream().noneMatch(m -> m.startsWith("bucket: "))) {
                        missing.add("bucket: " + e.getMessage());
                    }
                }
            }
            reports.add(new FileReport(outcome, reconciliation));
        }
        Long items = null;
        try {
            items = inspector.countItems();
        } catch (MissingResourceException e) {
            missing.add("orders table: " + e.getMessage());
        }
        long inFlight = 0;
        try {
            inFlight = inspector.dlqInFlight().messages();
        } catch (MissingResourceException e) {
            missing.add("DLQ: " + e.getMessage());
        }
        return new RunSummary(List.copyOf(reports), elapsed, prices, items, List.copyOf(missing), inFlight, tableIndexes);
    }

    /** The same summary over another span of time (the whole run, once the summary itself has been read). */
    public RunSummary withElapsed(Duration value) {
        return new RunSummary(files, value, prices, tableItems, missing, dlqInFlight);
    }

    /** Orders the reconcilers could not account for, over all files. */
    public long unaccounted() {
        return files.stream().mapToLong(FileReport::unaccounted).sum();
    }

    /** Files S3 refused (e.g. the bucket does not exist): nothing of them was processed. */
    public List<FileReport> notUploaded() {
        return files.stream().filter(f -> !f.outcome().uploaded()).toList();
    }

    public boolean conserved() {
        return files.stream().allMatch(FileReport::conserved);
    }

    public long read() {
        return files.stream().mapToLong(FileReport::read).sum();
    }

    public long inTable() {
        return files.stream().mapToLong(FileReport::inTable).sum();
    }

    public long inDlq() {
        return files.stream().mapToLong(FileReport::inDlq).sum();
    }

    public Map<String, Long> dlqByReason() {
        var total = new TreeMap<String, Long>();
        files.forEach(f -> f.dlqByReason().forEach((reason, n) -> total.merge(reason, n, Long::sum)));
        return total;
    }

    public long parkedByReconciler() {
        return files.stream().mapToLong(FileReport::parkedByReconciler).sum();
    }

    public long blank() {
        return files.stream().mapToLong(FileReport::blank).sum();
    }

    public long altered() {
        return files.stream().mapToLong(FileReport::altered).sum();
    }

    public long inFileMessages() {
        return files.stream().mapToLong(FileReport::inFileMessage).sum();
    }

    /** What the runs consumed: the executions' counts plus the reconciler's own requests. */
    public Usage usage() {
        var total = Usage.NONE;
        for (var file : files) {
            total = total.plus(file.outcome().usage()).plus(file.reconcilerUsage(tableIndexes));
        }
        return total;
    }

    public CostEstimate cost() {
        return CostEstimate.of(usage(), prices);
    }

    /** "error - message", or the message alone when it already starts with the error's name. */
    static String withoutRepeatedError(String error, String message) {
        if (message == null) {
            return String.valueOf(error);
        }
        return error != null && message.startsWith(error) ? message : error + " - " + message;
    }

    public void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-44s %-10s %9s %9s %9s %14s %9s%n", "FILE", "EXECUTION", "READ", "TABLE", "DLQ", "CHILDREN", "TIME");
        for (var file : files) {
            var o = file.outcome();
            var status = !o.uploaded() ? "NOT STORED" : !o.ruleMatched() ? "NO MATCH" : o.result().status().name();
            // a file the reconciler could not read: the Map's own counts, labelled as such (nothing was checked)
            boolean mapsOwn = file.notReconciled();
            out.printf(Locale.ROOT, "%-44s %-10s %9s %9s %9s %14s %9s%n", shorten(o.key(), 44), status,
                    mapsOwn ? "-" : String.valueOf(file.read()),
                    mapsOwn ? file.mapStored() + " map" : String.valueOf(file.inTable()),
                    mapsOwn ? file.mapParked() + " map" : String.valueOf(file.inDlq()),
                    o.childrenSucceeded() + o.childrenFailed() + (o.childrenFailed() > 0
                            ? " (" + o.childrenFailed() + " failed)" : ""), seconds(o.elapsed()));
        }
        if (files.stream().anyMatch(FileReport::notReconciled)) {
            out.println("  (\"map\": what the Map's children reported for a file the reconciler could not read;"
                    + " not checked, not in the totals)");
        }
        out.println();
        out.printf(Locale.ROOT, "Orders read       %,d%s%n", read(), blank() > 0
                ? String.format(Locale.ROOT, "  (and %,d blank CSV lines, not orders)", blank()) : "");
        out.printf(Locale.ROOT, "Valid, in table   %,d  (%s)%n", inTable(), tableItems == null
                ? "the table could not be read" : String.format(Locale.ROOT, "the table holds %,d items", tableItems));
        out.printf(Locale.ROOT, "In the DLQ        %,d%s%s%n", inDlq(), dlqByReason().isEmpty() ? "" : "  " + reasons(dlqByReason()),
                parkedByReconciler() > 0 ? String.format(Locale.ROOT, "; %,d of them parked by the reconciler",
                        parkedByReconciler()) : "");
        if (altered() > 0) {
            out.printf(Locale.ROOT, "Altered on the way %,d  (taken out of the table and parked as written in the file)%n",
                    altered());
        }
        if (inFileMessages() > 0) {
            out.printf(Locale.ROOT, "In FILE messages  %,d  (read before the file turned out unreadable)%n", inFileMessages());
        }
        var fileFailures = files.stream().filter(f -> f.fileFailed() || !f.outcome().uploaded()).toList();
        out.printf(Locale.ROOT, "File failures     %d%n", fileFailures.size());
        for (var failed : fileFailures) {
            var result = failed.outcome().result();
            if (!failed.outcome().uploaded()) {
                out.printf(Locale.ROOT, "  %s: not stored in S3, nothing processed: %s%n", failed.outcome().key(),
                        failed.outcome().uploadFailure().getMessage());
            } else {
                out.printf(Locale.ROOT, "  %s: %s%n", failed.outcome().key(),
                        withoutRepeatedError(result.error(), failed.fileFailureMessage()));
            }
        }
        var unmatched = files.stream().filter(f -> f.outcome().uploaded() && !f.outcome().ruleMatched()).toList();
        for (var file : unmatched) {
            out.printf(Locale.ROOT, "  %s: the EventBridge rule did not match (key must be under incoming/)%n",
                    file.outcome().key());
        }
        if (!missing.isEmpty()) {
            out.println("Missing           (deleted? nothing re-creates them; what they should hold is not counted)");
            missing.forEach(m -> out.printf(Locale.ROOT, "  %s%n", m));
        }
        var executions = files.stream().filter(f -> f.outcome().result() != null).toList();
        out.printf(Locale.ROOT, "Executions        %d (%d succeeded, %d failed), child executions %d%n", executions.size(),
                executions.stream().filter(f -> f.outcome().result().succeeded()).count(),
                executions.stream().filter(f -> !f.outcome().result().succeeded()).count(),
                executions.stream().mapToLong(f -> f.outcome().result().stats().childExecutions()).sum());
        var millis = Math.max(1, elapsed.toMillis());
        out.printf(Locale.ROOT, "Time              %s, %,.0f orders/s (the whole command, start to summary)%n",
                seconds(elapsed), read() * 1000.0 / millis);
        out.printf(Locale.ROOT, "Conservation      %s (per file, from the reconciler's report: read = in table, exactly as"
                + " written, + in the DLQ with a reason)%n", conserved() ? "OK" : unaccounted() > 0
                ? String.format(Locale.ROOT, "FAILED: %,d orders unaccounted for", unaccounted()) : "FAILED");
        for (var file : files) {
            if (file.notReconciled()) {
                out.printf(Locale.ROOT, "  %s: %s%n", file.outcome().key(), file.notConservedBecause());
            } else if (!file.conserved()) {
                out.printf(Locale.ROOT, "  %s: read %d, table %d, DLQ %d -> %s%n", file.outcome().key(), file.read(),
                        file.inTable(), file.inDlq(), file.notConservedBecause());
            }
        }
        if (dlqInFlight > 0) {
            out.printf(Locale.ROOT, "  note: %,d DLQ messages were in flight (received by another consumer); the accounting"
                    + " above comes from the reconcilers' reports and does not depend on them%n", dlqInFlight);
        }
        printCost(out);
    }

    private void printCost(PrintStream out) {
        var cost = cost();
        var usage = usage();
        out.println();
        out.printf(Locale.ROOT, "Estimated AWS cost of this work: $%.6f (%s on-demand list prices checked %s, free tiers"
                + " excluded; docs/performance.md §5)%n", cost.total(), prices.region(), prices.asOf());
        out.printf(Locale.ROOT, "  %-38s %22s %12s%n", "LINE", "QUANTITY", "COST");
        for (var line : Line.values()) {
            if (!line.monthly()) {
                out.printf(Locale.ROOT, "  %-38s %22s %12s%n", line.label(), quantity(line, usage.quantity(line)),
                        String.format(Locale.ROOT, "$%.6f", cost.dollars(line)));
            }
        }
        out.printf(Locale.ROOT, "  %-38s %22s %12s%n", "DynamoDB writes (table and indexes)", "",
                String.format(Locale.ROOT, "$%.6f", cost.dynamoDbWrites()));
        out.printf(Locale.ROOT, "  %-38s %22s %12s%n", "everything else", "",
                String.format(Locale.ROOT, "$%.6f", cost.everythingButDynamoDbWrites()));
        if (read() > 0) {
            var perMillion = cost.scaled(1_000_000.0 / read());
            out.printf(Locale.ROOT, "  per million orders (from the %,d read): $%.4f = DynamoDB writes $%.4f + everything"
                    + " else $%.4f%n", read(), perMillion.total(), perMillion.dynamoDbWrites(),
                    perMillion.everythingButDynamoDbWrites());
        }
        out.printf(Locale.ROOT, "  state machine history events: %,d, of which %,d sent to CloudWatch Logs at its log level%n",
                usage.stateMachineEvents(), usage.stateMachineEventsLogged());
        var logLines = new ArrayList<String>();
        for (var f : usage.functions()) {
            if (f.invocations() > 0) {
                logLines.add(String.format(Locale.ROOT, "%s %,d invocations, %,d log events", f.name(), f.invocations(),
                        f.logEvents()));
            }
        }
        if (!logLines.isEmpty()) {
            out.println("  functions: " + String.join("; ", logLines));
        }
        out.printf(Locale.ROOT, "  monthly, not per order: %d custom metrics (EMF), up to $%.2f a month (each $%.2f a"
                + " month when published every hour)%n", (long) usage.quantity(Line.CUSTOM_METRICS), cost.monthly(),
                prices.price(Line.CUSTOM_METRICS).dollars());
        out.println("  (Lambda and Express durations are local wall-clock times: on AWS they differ.)");
    }

    static String quantity(Line line, double quantity) {
        return switch (line.unit()) {
            case "GB" -> String.format(Locale.ROOT, "%,.1f KB", quantity * 1024 * 1024);
            case "GB-s" -> String.format(Locale.ROOT, "%,.2f GB-s", quantity);
            case "traces", "RRU" -> String.format(Locale.ROOT, "%,.2f %s", quantity, line.unit());
            default -> String.format(Locale.ROOT, "%,.0f %s", quantity, line.unit());
        };
    }

    private static String reasons(Map<String, Long> byReason) {
        var parts = new ArrayList<String>();
        byReason.forEach((reason, n) -> parts.add(reason + " " + n));
        return "(" + String.join(", ", parts) + ")";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
    }
}
