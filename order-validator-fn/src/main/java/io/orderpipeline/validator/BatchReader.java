package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.model.Json;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a batch with Jackson's streaming parser: each record of {@code Items} becomes a tree, and its size as
 * delivered (bytes between its first and last token) is measured on the way, so the record-size rule costs nothing.
 */
final class BatchReader {

    /** One record as the Map delivered it, with its size in the payload. */
    record SizedRecord(JsonNode record, long bytes) {
    }

    record Batch(List<SizedRecord> items, BatchInput input) {
    }

    private final ObjectMapper mapper = Json.mapper();

    Batch read(InputStream in) throws IOException {
        List<SizedRecord> items = null;
        JsonNode batchInput = null;
        try (JsonParser parser = mapper.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidBatchException("the payload must be a JSON object with Items and BatchInput");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Items".equals(field) && value == JsonToken.START_ARRAY) {
                    items = readItems(parser);
                } else if ("BatchInput".equals(field)) {
                    batchInput = mapper.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (items == null) {
            throw new InvalidBatchException("the payload has no Items array");
        }
        return new Batch(items, batchInput(batchInput));
    }

    private List<SizedRecord> readItems(JsonParser parser) throws IOException {
        List<SizedRecord> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long start = offset(parser.currentTokenLocation());
            JsonNode record = mapper.readTree(parser);
            long end = offset(parser.currentLocation());
            items.add(new SizedRecord(record, start >= 0 && end >= start ? end - start : Json.serializedSize(record)));
        }
        return items;
    }

    private static long offset(JsonLocation location) {
        long bytes = location.getByteOffset();
        return bytes >= 0 ? bytes : location.getCharOffset();
    }

    private static BatchInput batchInput(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidBatchException("the payload has no BatchInput object");
        }
        String bucket = text(node, "bucket");
        String key = text(node, "key");
        if (bucket == null || key == null) {
            throw new InvalidBatchException("BatchInput needs bucket and key: " + node);
        }
        String formatName = text(node, "format");
        RecordFormat format;
        if (formatName != null) {
            try {
                format = RecordFormat.fromName(formatName);
            } catch (IllegalArgumentException e) {
                throw new InvalidBatchException("BatchInput.format must be JSON, JSONL or CSV: " + formatName, e);
            }
        } else {
            Optional<RecordFormat> fromKey = RecordFormat.tryFromKey(key);
            format = fromKey.orElseThrow(() -> new InvalidBatchException(
                    "BatchInput has no format and the key has no supported suffix: " + key));
        }
        return new BatchInput(new SourceRef(bucket, key, text(node, "versionId")), format, text(node, "executionId"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty() ? null : value.asText();
    }
}
