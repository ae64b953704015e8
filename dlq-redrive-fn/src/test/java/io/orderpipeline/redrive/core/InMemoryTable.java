package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.wire.OrderItemMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The orders table in memory, with the one condition the pipeline puts with: the order id is new, or stored with the
 * same content hash. Every put and read is written to the journal.
 */
public final class InMemoryTable implements OrderTable {

    /** orderId → the item (attribute-value JSON) */
    public final Map<String, JsonNode> items = new LinkedHashMap<>();
    /** Puts of these order ids fail (throttling after the SDK's retries, as it were). */
    public Predicate<String> throttle = id -> false;
    private final List<String> journal;

    public InMemoryTable(List<String> journal) {
        this.journal = journal;
    }

    public void store(JsonNode item) {
        items.put(orderId(item), item);
    }

    public long puts() {
        return journal.stream().filter(c -> c.startsWith("put ")).count();
    }

    public long predictions() {
        return journal.stream().filter(c -> c.startsWith("predict ")).count();
    }

    @Override
    public WriteOutcome put(JsonNode item) {
        String id = orderId(item);
        journal.add("put " + id);
        if (throttle.test(id)) {
            throw new IllegalStateException("Throughput exceeds the current capacity of your table");
        }
        WriteOutcome outcome = predictWithoutJournal(item);
        if (outcome != WriteOutcome.CONFLICT) {
            items.put(id, item);
        }
        return outcome;
    }

    @Override
    public WriteOutcome predict(JsonNode item) {
        journal.add("predict " + orderId(item));
        return predictWithoutJournal(item);
    }

    private WriteOutcome predictWithoutJournal(JsonNode item) {
        JsonNode existing = items.get(orderId(item));
        if (existing == null) {
            return WriteOutcome.WRITTEN;
        }
        return Objects.equals(OrderItemMapper.contentHash(existing), OrderItemMapper.contentHash(item))
                ? WriteOutcome.ALREADY_PRESENT : WriteOutcome.CONFLICT;
    }

    private static String orderId(JsonNode item) {
        return item.path(OrderItemMapper.ORDER_ID).path("S").asText();
    }
}
