package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.path.PayloadTemplate;
import io.orderpipeline.asl.spi.ErrorNames;
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

    private final Long maxItems;
    private final String maxItemsPath;
    private final Long maxBytes;
    private final String maxBytesPath;
    private final JsonNode batchInput; // a payload template (object) or null

    private ItemBatcher(Long maxItems, String maxItemsPath, Long maxBytes, String maxBytesPath, JsonNode batchInput) {
        this.maxItems = maxItems;
        this.maxItemsPath = maxItemsPath;
        this.maxBytes = maxBytes;
        this.maxBytesPath = maxBytesPath;
        this.batchInput = batchInput;
    }

    public static ItemBatcher from(Fields map) {
        var fields = new Fields(map.where() + " ItemBatcher", map.object("ItemBatcher"));
        Long maxItems = fields.integer("MaxItemsPerBatch", 1, 100_000_000);
        String maxItemsPath = fields.path("MaxItemsPerBatchPath");
        Long maxBytes = fields.integer("MaxInputBytesPerBatch", 1, MAX_BYTES);
        String maxBytesPath = fields.path("MaxInputBytesPerBatchPath");
        if (maxItems != null && maxItemsPath != null) {
            throw fields.error("has both 'MaxItemsPerBatch' and 'MaxItemsPerBatchPath'");
        }
        if (maxBytes != null && maxBytesPath != null) {
            throw fields.error("has both 'MaxInputBytesPerBatch' and 'MaxInputBytesPerBatchPath'");
        }
        if (maxItems == null && maxItemsPath == null && maxBytes == null && maxBytesPath == null) {
            throw fields.error("needs MaxItemsPerBatch(Path) or MaxInputBytesPerBatch(Path)");
        }
        PayloadTemplate batchInput = fields.template("BatchInput");
        fields.done();
        return new ItemBatcher(maxItems, maxItemsPath, maxBytes, maxBytesPath,
                batchInput == null ? null : batchInput.template());
    }

    /**
     * Groups {@code items} into child inputs.
     *
     * @param paths resolves the …Path limits and the BatchInput template against the Map's effective input
     */
    public List<JsonNode> batch(List<JsonNode> items, PathResolver paths, String where) throws StatesError {
        long itemLimit = limit(maxItems, maxItemsPath, paths, Long.MAX_VALUE, where, "MaxItemsPerBatchPath");
        long byteLimit = limit(maxBytes, maxBytesPath, paths, MAX_BYTES, where, "MaxInputBytesPerBatchPath");
        JsonNode resolvedBatchInput = batchInput == null ? null
                : PayloadTemplate.of(batchInput, where + " BatchInput").evaluate(paths);
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

    private static long limit(Long value, String path, PathResolver paths, long fallback, String where, String field) {
        if (value != null) {
            return value;
        }
        if (path == null) {
            return fallback;
        }
        JsonNode resolved = paths.resolve(path);
        if (!resolved.canConvertToExactIntegral() || resolved.asLong() < 1) {
            throw new StatesError(ErrorNames.RUNTIME, where + ": " + field + " does not reference a positive integer: " + resolved);
        }
        return Math.min(resolved.asLong(), fallback);
    }
}
