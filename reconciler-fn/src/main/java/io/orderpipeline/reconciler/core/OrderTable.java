package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/** The two table calls the reconciler makes, both only for an order that was altered on its way (rare). */
public interface OrderTable {

    /** The item (attribute-value JSON), read consistently, or null when there is none. */
    JsonNode get(String orderId) throws IOException;

    /**
     * Deletes the item if it still has this content hash and was written by this execution.
     *
     * @return false when the condition did not hold (the item is left as it is)
     */
    boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) throws IOException;
}
