package io.orderpipeline.local.report;

import io.orderpipeline.local.MissingResourceException;
import io.orderpipeline.local.UploadOutcome;
import io.orderpipeline.local.cost.CostEstimate;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.integration.WriteLedger;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run report: per file, totals, the conservation check and what the same work would cost on AWS. It is
 * printed whatever happened inside the run (a missing table, queue or bucket included).
 *
 * @param tableItems      items in the table after the run (files that share orders write the same items); null when
 *                        the table could not be read
 * @param missing         the template's resources found missing while counting, in words
 * @param dlqInFlight     DLQ messages another consumer held in flight while the DLQ was counted (they could not be seen)
 */
public record RunSummary(List<FileReport> files, Duration elapsed, Prices prices, Long tableItems, List<String> missing,
                         long dlqInFlight) {

    public RunSummary(List<FileReport> files, Duration elapsed, Prices prices, long tableItems) {
        this(files, elapsed, prices, tableItems, List.of(), 0);
    }

    /**
     * Counts these uploads in the table and the DLQ as they are now. A table or DLQ that does not exist counts nothing
     * and is listed under {@link #missing()}: the orders it should hold are unaccounted for.
     */
    public static RunSummary inspect(List<UploadOutcome> outcomes, PipelineInspector inspector, List<String> keyNames,
                                     WriteLedger ledger, Duration elapsed, Prices prices) {
        var missing = new ArrayList<String>();
        long inFlight = 0;
        List<PipelineInspector.DlqEntry> dlq = List.of();
        try {
            inFlight = inspector.dlqInFlight().messages();
            dlq = inspector.peekDlq();
        } catch (MissingResourceException e) {
            missing.add("DLQ: " + e.getMessage());
        }
        Map<String, String> stored = Map.of();
        Long items = null;
        try {
            stored = inspector.storedContentHashes(keyNames);
            items = (long) stored.size();
        } catch (MissingResourceException e) {
            missing.add("orders table: " + e.getMessage());
        }
        var dlqNow = dlq;
        var storedNow = stored;
        var reports = outcomes.stream().map(o -> FileReport.of(o, ledger, storedNow, dlqNow)).toList();
        return new RunSummary(reports, elapsed, prices, items, List.copyOf(missing), inFlight);
    }

    /** Records read that are neither in the table nor in the DLQ, over all files. */
    public long unaccounted() {
        return files.stream().mapToLong(f -> Math.max(0, f.read() - f.inTable() - f.inDlq())).sum();
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

    public Usage usage() {
        var functions = new TreeMap<String, Usage.FunctionUsage>();
        long transitions = 0, express = 0, writes = 0, reads = 0, sqs = 0, puts = 0, gets = 0;
        double expressGbs = 0;
        for (var file : files) {
            var u = file.outcome().usage();
            transitions += u.standardStateTransitions();
            express += u.expressRequests();
            expressGbs += u.expressBilledGbSeconds();
            writes += u.dynamoDbWriteUnits();
            reads += u.dynamoDbReadUnits();
            sqs += u.sqsRequests();
            puts += u.s3PutRequests();
            gets += u.s3GetRequests();
            for (var f : u.functions()) {
                functions.merge(f.name(), f, (a, b) -> new Usage.FunctionUsage(a.name(), a.architecture(),
                        a.invocations() + b.invocations(), a.gbSeconds() + b.gbSeconds()));
            }
        }
        return new Usage(transitions, express, expressGbs, List.copyOf(functions.values()), writes, reads, sqs, puts, gets);
    }

    public CostEstimate cost() {
        return CostEstimate.of(usage(), prices);
    }

    public void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-44s %-10s %9s %9s %9s %9s %9s%n", "FILE", "EXECUTION", "READ", "TABLE", "DLQ", "CHILDREN", "TIME");
        for (var file : files) {
            var o = file.outcome();
            var status = !o.uploaded() ? "NOT STORED" : !o.ruleMatched() ? "NO MATCH" : o.result().status().name();
            out.printf(Locale.ROOT, "%-44s %-10s %9d %9d %9d %9s %9s%n", shorten(o.key(), 44), status, file.read(),
                    file.inTable(), file.inDlq(), o.childrenSucceeded() + o.childrenFailed() + (o.childrenFailed() > 0
                            ? " (" + o.childrenFailed() + " failed)" : ""), seconds(o.elapsed()));
        }
        out.println();
        out.printf(Locale.ROOT, "Orders read       %,d%n", read());
        out.printf(Locale.ROOT, "Valid, in table   %,d  (%s)%n", inTable(), tableItems == null
                ? "the table could not be read" : String.format(Locale.ROOT, "the table holds %,d items", tableItems));
        out.printf(Locale.ROOT, "Invalid, in DLQ   %,d%s%n", inDlq(), dlqByReason().isEmpty() ? "" : "  " + reasons(dlqByReason()));
        var fileFailures = files.stream().filter(f -> f.fileFailures() > 0 || !f.outcome().uploaded()
                || (f.outcome().result() != null && !f.outcome().result().succeeded())).toList();
        out.printf(Locale.ROOT, "File failures     %d%n", fileFailures.size());
        for (var failed : fileFailures) {
            var result = failed.outcome().result();
            if (!failed.outcome().uploaded()) {
                out.printf(Locale.ROOT, "  %s: not stored in S3, nothing processed: %s%n", failed.outcome().key(),
                        failed.outcome().uploadFailure().getMessage());
            } else if (failed.fileFailureMessage() != null) {
                out.printf(Locale.ROOT, "  %s: %s - %s%n", failed.outcome().key(), result == null ? "" : result.error(),
                        failed.fileFailureMessage());
            } else {
                // no FILE message in the DLQ (it could not be sent): the execution's own error and cause
                out.printf(Locale.ROOT, "  %s: %s%s%n", failed.outcome().key(), result == null ? "" : result.error(),
                        result == null || result.cause() == null ? "" : ": " + result.cause());
            }
        }
        var unmatched = files.stream().filter(f -> f.outcome().uploaded() && !f.outcome().ruleMatched()).toList();
        for (var file : unmatched) {
            out.printf(Locale.ROOT, "  %s: the EventBridge rule did not match (key must be incoming/*.json|jsonl|csv)%n",
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
        out.printf(Locale.ROOT, "Time              %s, %,.0f orders/s%n", seconds(elapsed), read() * 1000.0 / millis);
        out.printf(Locale.ROOT, "Conservation      %s (read = in table + in DLQ, counted in the table and the DLQ)%n",
                conserved() ? "OK" : String.format(Locale.ROOT, "FAILED: %,d orders unaccounted for", unaccounted()));
        for (var file : files) {
            if (!file.conserved()) {
                out.printf(Locale.ROOT, "  %s: read %d, table %d, DLQ %d -> %d unaccounted for%n", file.outcome().key(),
                        file.read(), file.inTable(), file.inDlq(), file.read() - file.inTable() - file.inDlq());
            }
        }
        if (dlqInFlight > 0) {
            out.printf(Locale.ROOT, "  note: %,d DLQ messages were in flight (received by another consumer) and could not be"
                    + " counted%n", dlqInFlight);
        }
        printCost(out);
    }

    private void printCost(PrintStream out) {
        var cost = cost();
        var usage = usage();
        out.println();
        out.printf(Locale.ROOT, "Estimated AWS cost of this work: $%.6f (%s on-demand prices as of %s, free tiers excluded)%n",
                cost.total(), prices.region(), prices.asOf());
        var details = new ArrayList<String>();
        details.add(String.format(Locale.ROOT, "%,d standard transitions", usage.standardStateTransitions()));
        details.add(String.format(Locale.ROOT, "%,d express requests / %.2f GB-s", usage.expressRequests(), usage.expressBilledGbSeconds()));
        for (var f : usage.functions()) {
            if (f.invocations() > 0) {
                details.add(String.format(Locale.ROOT, "%s %,d invocations / %.2f GB-s (%s)", f.name(), f.invocations(),
                        f.gbSeconds(), f.architecture()));
            }
        }
        details.add(String.format(Locale.ROOT, "%,d DynamoDB WRU", usage.dynamoDbWriteUnits()));
        details.add(String.format(Locale.ROOT, "%,d SQS requests", usage.sqsRequests()));
        details.add(String.format(Locale.ROOT, "%,d S3 PUT / %,d GET", usage.s3PutRequests(), usage.s3GetRequests()));
        out.println("  counted: " + String.join(", ", details));
        cost.lines().forEach((line, dollars) -> {
            if (dollars > 0) {
                out.printf(Locale.ROOT, "  %-38s $%.6f%n", line, dollars);
            }
        });
        out.println("  (Lambda and Express durations are local wall-clock times: on AWS they differ.)");
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
