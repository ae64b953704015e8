package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The table calls the reconciler makes, all for the rare records the children did not account for: consistent reads
 * of the orders whose write no child confirmed (a failed child), a read and a conditional delete for an order that was
 * altered on its way, and the state machine's own conditional put for a valid order the pipeline could not carry.
 */
public interface OrderTable {

    /** What the conditional put did. */
    enum PutOutcome {
        /** the order is in the table with this content (new, or the same content rewritten) */
        STORED,
        /** the order id is stored with other content: nothing written */
        CONFLICT
    }

    /**
     * The conditional idempotent put of the state machine's {@code PutOrder}
     * ({@link io.orderpipeline.model.wire.IdempotentWrite}).
     *
     * @param item attribute-value JSON, with its {@code contentHash}
     * @throws IOException when DynamoDB refused or failed the put; the message is the service's own
     */
    PutOutcome put(JsonNode item) throws IOException;

    /** The item (attribute-value JSON), read consistently, or null when there is none. */
    JsonNode get(String orderId) throws IOException;

    /**
     * The stored items with these ids, read consistently, with at least {@code orderId}, {@code contentHash} and
     * {@code executionId}; an id with no item is absent from the map.
     *
     * @param orderIds at most {@link UnconfirmedOrders#CHUNK}
     */
    Map<String, JsonNode> getAll(Set<String> orderIds) throws IOException;

    /**
     * Deletes the item if it still has this content hash and was written by this execution.
     *
     * @return false when the condition did not hold (the item is left as it is)
     */
    boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) throws IOException;
}
