package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The per-file report (data-contracts.md §6), written next to the Map's results.
 *
 * @param parkedByReason pipeline- and reconciler-parked orders by their first reason code
 * @param truncated      whether a list was cut at {@link Reconciler#LIST_LIMIT} entries (the counts never are)
 * @param requests       the reconciler's own AWS requests by kind (s3Get, s3Put, s3List, sqsSend, dynamoDbGet,
 *                       dynamoDbPut, dynamoDbDelete); filled in by the function shell
 */
public record ReconciliationReport(SourceFile source, String executionId, Outcome outcome, MapSection map,
                                   Counts counts, Map<String, Long> parkedByReason, List<Parked> reconcilerParked,
                                   List<Altered> altered, List<Unaccounted> unaccounted, boolean truncated,
                                   FileError fileError, Instant reconciledAt, long durationMillis,
                                   Map<String, Long> requests) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * CONSERVED and UNACCOUNTED: the file was read to its end and every record decided. FILE_FAILED: the file is not
     * what its format says (its FILE message covers the records no child accounted for). NOT_RECONCILED: the reconciler
     * could not read the file (or the Map's results) to check it; the counts are what it decided before that, and the
     * Map's own counts ({@link MapSection#reported()}) are all that is known of the rest.
     */
    public enum Outcome { CONSERVED, UNACCOUNTED, FILE_FAILED, NOT_RECONCILED }

    /**
     * @param status   SUCCEEDED, FAILED (the Map state failed; {@code error} says how)
     * @param reported what the Map's children reported, not checked against the file
     */
    public record MapSection(String status, FileError error, List<String> mapRunArns, List<String> manifests,
                             int childrenSucceeded, int childrenFailed, int childrenUnreadable,
                             Ledger.Counts reported) {
    }

    /**
     * @param records            items the ItemReader yields (blank CSV lines included)
     * @param read               orders: records that are not blank lines
     * @param coveredByFileError orders read before the file turned out unreadable that no child accounted for: the
     *                           single FILE_ERROR message covers them
     */
    /**
     * @param storedByReconciler of {@code stored}: valid orders the pipeline could not carry (deferred by the
     *                           validator, or too large for any batch), stored by the reconciler
     * @param storedFoundInTable of {@code stored}: orders whose child failed or did not report the write, found in the
     *                           table exactly as written by a consistent read
     */
    public record Counts(long records, long blank, long read, long stored, long storedByReconciler,
                         long storedFoundInTable, long parkedByPipeline, long parkedByReconciler, long altered, long unaccounted,
                         long coveredByFileError) {
        public long parked() {
            return parkedByPipeline + parkedByReconciler;
        }

        /** read = stored + parked + unaccounted + coveredByFileError. */
        public boolean balanced() {
            return read == stored + parked() + unaccounted + coveredByFileError;
        }
    }

    public record Parked(int index, String recordId, String reason, String why, boolean claimCheck) {
    }

    /** @param storedItem what happened to the altered item: DELETED, or KEPT with why */
    public record Altered(int index, String orderId, String storedContentHash, String fileContentHash,
                          String storedItem) {
    }

    public record Unaccounted(int index, String why) {
    }

    /** A file-level error in Step Functions' shape. */
    public record FileError(String error, String cause) {
        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("Error", error);
            json.put("Cause", cause);
            return json;
        }
    }

    public ReconciliationReport withRequests(Map<String, Long> value) {
        return new ReconciliationReport(source, executionId, outcome, map, counts, parkedByReason, reconcilerParked,
                altered, unaccounted, truncated, fileError, reconciledAt, durationMillis, Map.copyOf(value));
    }

    /** One line for logs and the execution's failure cause. */
    public String summary() {
        return source.key() + ": read " + counts.read() + ", stored " + counts.stored()
                + (counts.storedByReconciler() > 0 ? " (reconciler " + counts.storedByReconciler() + ")" : "")
                + (counts.storedFoundInTable() > 0 ? " (found in the table " + counts.storedFoundInTable() + ")" : "")
                + ", parked " + counts.parked()
                + " (reconciler " + counts.parkedByReconciler() + "), altered " + counts.altered() + ", unaccounted "
                + counts.unaccounted() + (counts.blank() > 0 ? ", blank lines " + counts.blank() : "")
                + (fileError != null ? ", file error " + fileError.error() + ": " + fileError.cause() : "")
                + (unaccounted.isEmpty() ? "" : "; first unaccounted: #" + unaccounted.getFirst().index() + " "
                + unaccounted.getFirst().why());
    }

    public ObjectNode toJson() {
        var nodes = JsonNodeFactory.instance;
        ObjectNode json = nodes.objectNode();
        json.put("schemaVersion", SCHEMA_VERSION);
        ObjectNode src = json.putObject("source");
        src.put("bucket", source.bucket());
        src.put("key", source.key());
        src.put("versionId", source.versionId());
        src.put("etag", source.etag());
        src.put("format", source.format().name());
        json.put("executionId", executionId);
        json.put("outcome", outcome.name());
        ObjectNode m = json.putObject("map");
        m.put("status", map.status());
        m.set("error", map.error() == null ? nodes.nullNode() : map.error().toJson());
        map.mapRunArns().forEach(m.putArray("mapRunArns")::add);
        map.manifests().forEach(m.putArray("manifests")::add);
        m.put("childrenSucceeded", map.childrenSucceeded());
        m.put("childrenFailed", map.childrenFailed());
        m.put("childrenUnreadable", map.childrenUnreadable());
        ObjectNode r = m.putObject("reported");
        r.put("records", map.reported().records());
        r.put("stored", map.reported().stored());
        r.put("parked", map.reported().parked());
        r.put("blank", map.reported().blank());
        r.put("deferred", map.reported().deferred());
        r.put("unsent", map.reported().unsent());
        r.put("failed", map.reported().failed());
        r.put("unconfirmed", map.reported().unconfirmed());
        ObjectNode c = json.putObject("counts");
        c.put("records", counts.records());
        c.put("blank", counts.blank());
        c.put("read", counts.read());
        c.put("stored", counts.stored());
        c.put("storedByReconciler", counts.storedByReconciler());
        c.put("storedFoundInTable", counts.storedFoundInTable());
        c.put("parked", counts.parked());
        c.put("parkedByPipeline", counts.parkedByPipeline());
        c.put("parkedByReconciler", counts.parkedByReconciler());
        c.put("altered", counts.altered());
        c.put("unaccounted", counts.unaccounted());
        c.put("coveredByFileError", counts.coveredByFileError());
        ObjectNode reasons = json.putObject("parkedByReason");
        parkedByReason.forEach(reasons::put);
        var parked = json.putArray("reconcilerParked");
        for (Parked p : reconcilerParked) {
            parked.addObject().put("index", p.index()).put("recordId", p.recordId()).put("reason", p.reason())
                    .put("why", p.why()).put("claimCheck", p.claimCheck());
        }
        var alteredJson = json.putArray("altered");
        for (Altered a : altered) {
            alteredJson.addObject().put("index", a.index()).put("orderId", a.orderId())
                    .put("storedContentHash", a.storedContentHash()).put("fileContentHash", a.fileContentHash())
                    .put("storedItem", a.storedItem());
        }
        var unaccountedJson = json.putArray("unaccounted");
        for (Unaccounted u : unaccounted) {
            unaccountedJson.addObject().put("index", u.index()).put("why", u.why());
        }
        json.put("truncated", truncated);
        json.set("fileError", fileError == null ? nodes.nullNode() : fileError.toJson());
        json.put("reconciledAt", reconciledAt.toString());
        json.put("durationMillis", durationMillis);
        ObjectNode req = json.putObject("requests");
        requests.forEach(req::put);
        return json;
    }
}
