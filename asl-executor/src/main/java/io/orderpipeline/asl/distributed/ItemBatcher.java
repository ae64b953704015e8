package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.StatesError;


/**
 * A Distributed Map's ItemBatcher: groups consecutive items into child inputs {@code {"Items":[…],"BatchInput":{…}}}
 * of at most MaxItemsPerBatch items and at most MaxInputBytesPerBatch bytes (the whole child input, BatchInput
 * included). An item too large for any batch travels alone.
 */
public final class ItemBatcher {

    /** AWS's ceiling for MaxInputBytesPerBatch. */
    public static final long MAX_BYTES = 262_144;

    private final ValueSource maxItems;
    private final ValueSource maxBytes;
    private final ValueSource batchInput; // null: none

    private ItemBatcher(ValueSource maxItems, ValueSource maxBytes, ValueSource batchInput) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.batchInput = batchInput;
    }

    public static ItemBatcher from(Fields map) {
        var fields = map.nested(map.where() + " ItemBatcher", map.object("ItemBatcher"));
        ValueSource maxItems = fields.count("MaxItemsPerBatch", "MaxItemsPerBatchPath", 1, 100_000_000);
        ValueSource maxBytes = fields.count("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", 1, MAX_BYTES);
        if (maxItems == null && maxBytes == null) {
            throw fields.error("needs MaxItemsPerBatch(Path) or MaxInputBytesPerBatch(Path)");
        }
        ValueSource batchInput = fields.payload("BatchInput");
        fields.done();
        return new ItemBatcher(maxItems, maxBytes, batchInput);
    }

    /**
     * Starts grouping items into child inputs: hand each item to {@link Batches#add}, in order, then call
     * {@link Batches#finish}. Only the batch being filled is held.
     *
     * @param scope resolves the limits and the BatchInput template (JSONPath against the Map's effective input)
     */
    public Batches start(Scope scope) throws StatesError {
        long itemLimit = maxItems == null ? Long.MAX_VALUE : Values.integer(maxItems, scope, "MaxItemsPerBatch", 1);
        long byteLimit = maxBytes == null ? MAX_BYTES
                : Math.min(MAX_BYTES, Values.integer(maxBytes, scope, "MaxInputBytesPerBatch", 1));
        JsonNode resolvedBatchInput = batchInput == null ? null : batchInput.evaluate(scope);
        return new Batches(itemLimit, byteLimit, resolvedBatchInput);
    }

    /** The batch being filled. Not thread-safe. */
    public static final class Batches {
        private final long itemLimit;
        private final long byteLimit;
        private final JsonNode batchInput;
        private final long emptySize;
        private ArrayNode current = Json.NODES.arrayNode();
        private long currentSize;

        private Batches(long itemLimit, long byteLimit, JsonNode batchInput) {
            this.itemLimit = itemLimit;
            this.byteLimit = byteLimit;
            this.batchInput = batchInput;
            this.emptySize = Json.sizeInBytes(childInput(Json.NODES.arrayNode(), batchInput));
            this.currentSize = emptySize;
        }

        /**
         * Adds the next item.
         *
         * @return the child input this item closed (the item opens the next batch), or null
         */
        public JsonNode add(JsonNode item) {
            long itemSize = Json.sizeInBytes(item);
            JsonNode closed = null;
            if (!current.isEmpty() && (current.size() >= itemLimit || currentSize + itemSize + 1 > byteLimit)) {
                closed = childInput(current, batchInput);
                current = Json.NODES.arrayNode();
                currentSize = emptySize;
            }
            currentSize += itemSize + (current.isEmpty() ? 0 : 1); // the comma
            current.add(item);
            return closed;
        }

        /** The last child input, or null when no item is left over. */
        public JsonNode finish() {
            if (current.isEmpty()) {
                return null;
            }
            JsonNode last = childInput(current, batchInput);
            current = Json.NODES.arrayNode();
            currentSize = emptySize;
            return last;
        }
    }

    private static ObjectNode childInput(ArrayNode items, JsonNode batchInput) {
        ObjectNode input = Json.NODES.objectNode();
        input.set("Items", items);
        if (batchInput != null) {
            input.set("BatchInput", batchInput);
        }
        return input;
    }
}
