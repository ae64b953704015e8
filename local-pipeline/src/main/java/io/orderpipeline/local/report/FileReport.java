package io.orderpipeline.local.report;

import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.model.wire.Parking.OrderFileError;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What happened to one file's orders, from the reconciler's report (the pipeline's own accounting: docs/data-contracts.md
 * §6), not from counting what is visible in the table or the DLQ.
 *
 * @param reconciliation null when the execution has no report: it never read the file (no rule match, a folder key,
 *                       a rejected file) or the reconciler did not finish
 */
public record FileReport(UploadOutcome outcome, Reconciliation reconciliation) {

    /** Executions that end without reading any order: the file is rejected as a whole (one FILE_ERROR message). */
    static final Set<String> REJECTED_BEFORE_READING = Stream.of(OrderFileError.NOT_FOUND,
            OrderFileError.UNSUPPORTED_FORMAT, OrderFileError.TOO_LARGE, OrderFileError.MISSING_COLUMNS,
            OrderFileError.NOT_INSPECTED, OrderFileError.UNREADABLE).map(OrderFileError::errorName).collect(Collectors.toUnmodifiableSet());

    /**
     * The reconciler could not read the file (or the Map's results) to check it: nothing is proven, and what the
     * Map's children reported ({@link #mapStored()}, {@link #mapParked()}) is all that is known.
     */
    public boolean notReconciled() {
        if (reconciliation != null) {
            return reconciliation.notReconciled();
        }
        var result = outcome.result();
        return result != null && OrderFileError.NOT_RECONCILED.errorName().equals(result.error());
    }

    /** Orders the Map's children reported stored (their own account); 0 without a report. */
    public long mapStored() {
        return reconciliation == null ? 0 : reconciliation.mapStored();
    }

    /** Orders the Map's children reported parked (their own account); 0 without a report. */
    public long mapParked() {
        return reconciliation == null ? 0 : reconciliation.mapParked();
    }

    public long read() {
        return reconciliation == null ? 0 : reconciliation.read();
    }

    public long inTable() {
        return reconciliation == null ? 0 : reconciliation.stored();
    }

    public long inDlq() {
        return reconciliation == null ? 0 : reconciliation.parked();
    }

    public long parkedByReconciler() {
        return reconciliation == null ? 0 : reconciliation.parkedByReconciler();
    }

    public long blank() {
        return reconciliation == null ? 0 : reconciliation.blank();
    }

    public long altered() {
        return reconciliation == null ? 0 : reconciliation.altered();
    }

    public long unaccounted() {
        return reconciliation == null ? 0 : reconciliation.unaccounted();
    }

    /** Orders read before the file turned out unreadable, covered by its one FILE_ERROR message. */
    public long inFileMessage() {
        return reconciliation == null ? 0 : reconciliation.coveredByFileError();
    }

    public Map<String, Long> dlqByReason() {
        return reconciliation == null ? Map.of() : reconciliation.parkedByReason();
    }

    /** Whether the file failed as a whole (one FILE_ERROR message in the DLQ). */
    public boolean fileFailed() {
        var result = outcome.result();
        return result != null && !result.succeeded() && !"OrderFile.Unaccounted".equals(result.error());
    }

    public String fileFailureMessage() {
        if (reconciliation != null && reconciliation.fileError() != null) {
            return reconciliation.fileError();
        }
        var result = outcome.result();
        return result == null || result.succeeded() ? null : result.cause();
    }

    /**
     * Every order read is stored exactly as written, parked with a reason, or covered by the file's FILE_ERROR message:
     * the reconciler said so. Without a report that holds only when the execution never read an order.
     */
    public boolean conserved() {
        if (!outcome.ruleMatched()) {
            return true;
        }
        if (notReconciled()) {
            return false;
        }
        if (reconciliation == null) {
            var result = outcome.result();
            return result != null && (result.succeeded() || REJECTED_BEFORE_READING.contains(result.error()));
        }
        return reconciliation.unaccounted() == 0 && !"UNACCOUNTED".equals(reconciliation.outcome());
    }

    /** Why {@link #conserved()} is false, in one line; null when it is true. */
    public String notConservedBecause() {
        if (conserved()) {
            return null;
        }
        if (notReconciled()) {
            return "not checked: the reconciler could not read the file (see File failures)"
                    + (reconciliation == null ? "" : "; the Map's children reported " + mapStored() + " stored and "
                    + mapParked() + " parked");
        }
        if (reconciliation == null) {
            var result = outcome.result();
            if (fileFailed()) {
                return "no reconciliation report (the execution failed: see File failures)";
            }
            return "no reconciliation report" + (result == null ? "" : " (execution " + result.status() + ": "
                    + result.error() + ": " + result.cause() + ")");
        }
        return reconciliation.unaccounted() + " unaccounted for: " + String.join("; ", reconciliation.unaccountedWhy(3));
    }

    /**
     * What the reconciler's own requests cost, in billing units (its report's own PutObject included; a LIST is priced
     * as a PUT). Its DynamoDB puts and deletes are counted as one write unit each on the table and on each of the
     * table's {@code indexes} (the items are under 1 KB), its gets as strongly consistent reads of one unit; each SQS
     * send as one request (a claim-checked DLQ message is under 64 KB).
     */
    public Usage reconcilerUsage(int indexes) {
        if (reconciliation == null) {
            return Usage.NONE;
        }
        var requests = reconciliation.requests();
        long writes = requests.getOrDefault("dynamoDbDelete", 0L) + requests.getOrDefault("dynamoDbPut", 0L);
        var counted = new java.util.EnumMap<Line, Double>(Line.class);
        counted.put(Line.DYNAMODB_TABLE_WRITES, (double) writes);
        counted.put(Line.DYNAMODB_INDEX_WRITES, (double) writes * indexes);
        counted.put(Line.DYNAMODB_READS, (double) requests.getOrDefault("dynamoDbGet", 0L));
        counted.put(Line.SQS_REQUESTS, (double) requests.getOrDefault("sqsSend", 0L));
        counted.put(Line.S3_PUT_REQUESTS, (double) (requests.getOrDefault("s3Put", 0L) + requests.getOrDefault("s3List", 0L) + 1));
        counted.put(Line.S3_GET_REQUESTS, (double) requests.getOrDefault("s3Get", 0L));
        return Usage.of(counted);
    }
}
