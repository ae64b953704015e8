package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one redrive did; each received message lands in exactly one outcome (docs/redrive.md, "Summary").
 * In a dry run the counts say what would have happened.
 */
public final class RedriveSummary {

    private final boolean dryRun;
    int received;
    int redriven;
    /** of {@link #redriven}: the table already held the same content (an earlier run's write, or a replay) */
    int alreadyPresent;
    private final Map<ReasonCode, Integer> stillInvalidByReason = new EnumMap<>(ReasonCode.class);
    int conflicts;
    int parked;
    int skipped;
    int filteredOut;
    int duplicates;
    /** messages of a record (same {@code recordId}, another lineage) already handled in this run */
    int repeats;
    int errors;
    long durationMillis;

    RedriveSummary(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public int redriven() {
        return redriven;
    }

    public int conflicts() {
        return conflicts;
    }

    public int parked() {
        return parked;
    }

    public int errors() {
        return errors;
    }

    void stillInvalid(ReasonCode reason) {
        stillInvalidByReason.merge(reason, 1, Integer::sum);
    }

    public int stillInvalidTotal() {
        return stillInvalidByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Messages that counted against {@code maxMessages} (every received one that matched the filters). */
    int handled() {
        return received - filteredOut;
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("received", received);
        json.put("redriven", redriven);
        json.put("alreadyPresent", alreadyPresent);
        ObjectNode stillInvalid = json.putObject("stillInvalid");
        stillInvalid.put("total", stillInvalidTotal());
        ObjectNode byReason = stillInvalid.putObject("byReason");
        stillInvalidByReason.forEach((reason, count) -> byReason.put(reason.name(), count));
        json.put("conflicts", conflicts);
        json.put("parked", parked);
        json.put("skipped", skipped);
        json.put("filteredOut", filteredOut);
        json.put("duplicates", duplicates);
        json.put("repeats", repeats);
        json.put("errors", errors);
        json.put("dryRun", dryRun);
        json.put("durationMillis", durationMillis);
        return json;
    }

    @Override
    public String toString() {
        return Json.write(toJson());
    }
}
