package io.orderpipeline.local.integration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The successful puts of each execution (by the item's {@code executionId} attribute): which keys, with which
 * {@code contentHash}. The conservation check then looks those keys up in the table, so an order that another file
 * rewrote with the same content still counts for both files, and one that vanished counts for neither.
 */
public final class WriteLedger {

    /** @param key the item's primary key as text ({@code orderId=ORD-1}); @param contentHash null when the item has none */
    public record Written(String table, String key, String contentHash) {
    }

    private final Map<String, ConcurrentLinkedQueue<Written>> byExecution = new ConcurrentHashMap<>();

    void record(String executionId, Written written) {
        byExecution.computeIfAbsent(executionId, id -> new ConcurrentLinkedQueue<>()).add(written);
    }

    public List<Written> writtenBy(String executionId) {
        var written = byExecution.get(executionId);
        return written == null ? List.of() : List.copyOf(written);
    }
}
