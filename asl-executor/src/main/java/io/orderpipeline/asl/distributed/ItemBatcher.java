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

import java.util.ArrayList;
import java.util.List;

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
     * Groups {@code items} into child inputs.
     *
     * @param scope resolves the limits and the BatchInput template (JSONPath against the Map's effective input)
     */
    public List<JsonNode> batch(List<JsonNode> items, Scope scope, String where) throws StatesError {
        long itemLimit = maxItems == null ? Long.MAX_VALUE : Values.integer(maxItems, scope, "MaxItemsPerBatch", 1);
        long byteLimit = maxBytes == null ? MAX_BYTES
                : Math.min(MAX_BYTES, Values.integer(maxBytes, scope, "MaxInputBytesPerBatch", 1));
        JsonNode resolvedBatchInput = batchInput == null ? null : batchInput.evaluate(scope);
        long emptySize = Json.sizeInBytes(childInput(Json.NODES.arrayNode(), resolvedBatchInput));
        var batches = new ArrayList<JsonNode>();
        ArrayNode current = Json.NODES.arrayNode();
        long currentSize = emptySize;
        for (JsonNode item : items) {
            long itemSize = Json.sizeInBytes(item) + (current.isEmpty() ? 0 : 1); // the comma
            if (!current.isEmpty() && (current.size() >= itemLimit || currentSize + itemSize > byteLimit)) {
                batches.add(childInput(current, resolvedBatchInput));
                current = Json.NODES.arrayNode();
                currentSize = emptySize;
                itemSize = Json.sizeInBytes(item);
            }
            current.add(item);
            currentSize += itemSize;
        }
        if (!current.isEmpty()) {
            batches.add(childInput(current, resolvedBatchInput));
        }
        return batches;
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
