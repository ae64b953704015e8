package io.orderpipeline.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The write capacity of the local tables: {@code unitsPerSecond} write request units per second for each table and,
 * separately, for each of its global secondary indexes, as an on-demand table whose {@code OnDemandThroughput}
 * {@code MaxWriteRequestUnits} is set on the table and its index
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html).
 * A write is admitted only when the table and every index it writes have capacity left; otherwise it is throttled and
 * consumes nothing. Each bucket refills continuously and holds at most one second of capacity (AWS does not document
 * the burst an on-demand table at its maximum allows; one second keeps a rehearsal strict), and an admitted write may
 * take a bucket below zero, so an item larger than a second's capacity still gets through, later.
 * <p>
 * Units, as DynamoDB counts them
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html#write-operation-consumption):
 * one per started KiB of the item ({@link ItemSize}); a transactional write twice that. An index is written only by an
 * item holding all its key attributes, with the item's projection (whole item for {@code ALL}); "for a table write to
 * succeed, the provisioned throughput settings for the table and global secondary indexes must have enough write
 * capacity to accommodate the write; otherwise, the write will be throttled"
 * (https://docs.aws.amazon.com/whitepapers/latest/comparing-dynamodb-and-hbase-for-nosql/global-secondary-index-considerations.html).
 * The size of an item an {@code UpdateItem} or {@code DeleteItem} changes is not in the request: such a write counts
 * one unit in the table and one in each of its indexes. Thread-safe.
 */
public final class WriteCapacity {

    /** What one index copies of an item. */
    public record Index(String name, List<String> keyAttributes, String projectionType, Set<String> nonKeyAttributes) {
    }

    /** A table's key attributes and indexes, as DescribeTable gives them. */
    public record Schema(List<String> keyAttributes, List<Index> indexes) {
    }

    /** Where the capacity of one write goes: units per table and per index ({@code table/index/name}). */
    public record Demand(Map<String, Long> units) {
        public long total() {
            return units.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A write was refused: the first resource (table or index) without capacity left. */
    public record Refusal(String resource, boolean index) {
    }

    private final double unitsPerSecond;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private long peakDemand;

    /** @param nanoClock {@link System#nanoTime}, or a test's clock */
    public WriteCapacity(double unitsPerSecond, LongSupplier nanoClock) {
        if (!(unitsPerSecond > 0)) {
            throw new IllegalArgumentException("the write capacity must be positive, got " + unitsPerSecond);
        }
        this.unitsPerSecond = unitsPerSecond;
        this.nanoClock = nanoClock;
    }

    public double unitsPerSecond() {
        return unitsPerSecond;
    }

    /**
     * The units one write request needs, or null for a request that writes nothing (a read, a control-plane call).
     *
     * @param operation the {@code X-Amz-Target} operation ({@code PutItem}, {@code BatchWriteItem}, …)
     * @param schemas   a table's schema by name
     */
    public static Demand demand(String operation, JsonNode request, java.util.function.Function<String, Schema> schemas) {
        var units = new LinkedHashMap<String, Long>();
        switch (operation) {
            case "PutItem" -> put(units, request.path("TableName").asText(), request.get("Item"), 1, schemas);
            case "UpdateItem", "DeleteItem" -> unknownItem(units, request.path("TableName").asText(), 1, schemas);
            case "BatchWriteItem" -> request.path("RequestItems").properties().forEach(table -> {
                for (JsonNode write : table.getValue()) {
                    if (write.has("PutRequest")) {
                        put(units, table.getKey(), write.path("PutRequest").get("Item"), 1, schemas);
                    } else if (write.has("DeleteRequest")) {
                        unknownItem(units, table.getKey(), 1, schemas);
                    }
                }
            });
            case "TransactWriteItems" -> {
                for (JsonNode action : request.path("TransactItems")) {
                    if (action.has("Put")) {
                        put(units, action.path("Put").path("TableName").asText(), action.path("Put").get("Item"), 2,
                                schemas);
                    } else if (action.has("Update")) {
                        unknownItem(units, action.path("Update").path("TableName").asText(), 2, schemas);
                    } else if (action.has("Delete")) {
                        unknownItem(units, action.path("Delete").path("TableName").asText(), 2, schemas);
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return new Demand(units);
    }

    private static void put(Map<String, Long> units, String table, JsonNode itemJson, int factor,
                            java.util.function.Function<String, Schema> schemas) {
        Map<String, AttributeValue> item = itemJson == null || itemJson.isNull() ? null : SdkAttributeValues.toSdk(itemJson);
        if (item == null) {
            return;
        }
        units.merge(table, factor * ItemSize.writeUnits(item), Long::sum);
        Schema schema = schemas.apply(table);
        if (schema == null) {
            return;
        }
        for (Index index : schema.indexes()) {
            if (!item.keySet().containsAll(index.keyAttributes())) {
                continue; // a sparse index: this item is not in it
            }
            Map<String, AttributeValue> projected = switch (index.projectionType()) {
                case "ALL" -> item;
                default -> {
                    var copy = new LinkedHashMap<String, AttributeValue>();
                    item.forEach((name, value) -> {
                        if (schema.keyAttributes().contains(name) || index.keyAttributes().contains(name)
                                || index.nonKeyAttributes().contains(name)) {
                            copy.put(name, value);
                        }
                    });
                    yield copy;
                }
            };
            units.merge(table + "/index/" + index.name(), factor * ItemSize.writeUnits(projected), Long::sum);
        }
    }

    private static void unknownItem(Map<String, Long> units, String table, int factor,
                                    java.util.function.Function<String, Schema> schemas) {
        units.merge(table, (long) factor, Long::sum);
        Schema schema = schemas.apply(table);
        if (schema != null) {
            schema.indexes().forEach(index -> units.merge(table + "/index/" + index.name(), (long) factor, Long::sum));
        }
    }

    /**
     * The most write units one table or index was asked for (admitted or not) within one second since the start:
     * the demand the capacity was up against.
     */
    public synchronized long peakDemandPerSecond() {
        return peakDemand;
    }

    /** Admits a write (its units are taken) or refuses it (nothing is taken). */
    public synchronized Refusal admit(Demand demand) {
        long now = nanoClock.getAsLong();
        var involved = new ArrayList<Map.Entry<Bucket, Long>>();
        Refusal refusal = null;
        for (var entry : demand.units().entrySet()) {
            Bucket bucket = buckets.computeIfAbsent(entry.getKey(), name -> new Bucket(unitsPerSecond, now));
            peakDemand = Math.max(peakDemand, bucket.demanded(now, entry.getValue()));
            bucket.refill(now, unitsPerSecond);
            if (bucket.tokens <= 0 && refusal == null) {
                refusal = new Refusal(entry.getKey(), entry.getKey().contains("/index/"));
            }
            involved.add(Map.entry(bucket, entry.getValue()));
        }
        if (refusal != null) {
            return refusal;
        }
        involved.forEach(e -> e.getKey().tokens -= e.getValue());
        return null;
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
        long windowStart;
        long windowUnits;

        /** Counts units asked for in the one-second window {@code now} falls in; the window's total. */
        long demanded(long now, long units) {
            if (now - windowStart >= 1_000_000_000L) {
                windowStart = now;
                windowUnits = 0;
            }
            windowUnits += units;
            return windowUnits;
        }

        Bucket(double unitsPerSecond, long now) {
            this.tokens = unitsPerSecond;
            this.refilledAt = now;
            this.windowStart = now;
        }

        void refill(long now, double unitsPerSecond) {
            tokens = Math.min(unitsPerSecond, tokens + (now - refilledAt) / 1e9 * unitsPerSecond);
            refilledAt = now;
        }
    }
}
