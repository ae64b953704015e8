package io.orderpipeline.local.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file's reconciliation report as the reconciler wrote it next to the Map's results (docs/data-contracts.md §6): the
 * pipeline's own account of where each order went, read back rather than counted in the table or the DLQ (which
 * another consumer may be holding messages of).
 *
 * @param key where the report is in the orders bucket
 */
public record Reconciliation(String key, JsonNode json) {

    public String outcome() {
        return json.path("outcome").asText();
    }

    public long records() {
        return count("records");
    }

    public long blank() {
        return count("blank");
    }

    public long read() {
        return count("read");
    }

    public long stored() {
        return count("stored");
    }

    public long parked() {
        return count("parked");
    }

    public long parkedByReconciler() {
        return count("parkedByReconciler");
    }

    public long altered() {
        return count("altered");
    }

    public long unaccounted() {
        return count("unaccounted");
    }

    /** The reconciler could not read the file (or the Map's results) to check it: the counts are not a proof. */
    public boolean notReconciled() {
        return "NOT_RECONCILED".equals(outcome());
    }

    /** What the Map's children reported stored: their own account, not checked against the file. */
    public long mapStored() {
        return json.path("map").path("reported").path("stored").asLong();
    }

    /** What the Map's children reported parked: their own account, not checked against the file. */
    public long mapParked() {
        return json.path("map").path("reported").path("parked").asLong();
    }

    public long coveredByFileError() {
        return count("coveredByFileError");
    }

    public Map<String, Long> parkedByReason() {
        var reasons = new TreeMap<String, Long>();
        json.path("parkedByReason").properties().forEach(e -> reasons.put(e.getKey(), e.getValue().asLong()));
        return reasons;
    }

    /** {@code Error: Cause} of the file-level error, or null. */
    public String fileError() {
        JsonNode error = json.path("fileError");
        return error.isObject() ? error.path("Error").asText() + ": " + error.path("Cause").asText() : null;
    }

    /** The first few "why" lines of what was left unaccounted. */
    public List<String> unaccountedWhy(int limit) {
        var lines = new java.util.ArrayList<String>();
        for (JsonNode entry : json.path("unaccounted")) {
            if (lines.size() >= limit) {
                break;
            }
            lines.add("#" + entry.path("index").asInt() + " " + entry.path("why").asText());
        }
        return lines;
    }

    /** The reconciler's own AWS requests by kind (s3Get, s3Put, s3List, sqsSend, dynamoDbGet, dynamoDbPut, dynamoDbDelete). */
    public Map<String, Long> requests() {
        var requests = new TreeMap<String, Long>();
        json.path("requests").properties().forEach(e -> requests.put(e.getKey(), e.getValue().asLong()));
        return requests;
    }

    private long count(String name) {
        return json.path("counts").path(name).asLong();
    }
}
