package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads a batch: the Distributed Map's envelope, {@code {"Items": [...], "BatchInput": {...}}} in any order (other
 * fields skipped), walked once with Jackson's streaming parser; its {@code Items} are read by an {@link ItemsReader}
 * ({@link BatchRecords}: each record measured in bytes as delivered, a valid order read straight into an
 * {@link io.orderpipeline.model.Order}, any other record as a tree). The payload (at most 256 KiB) is read into memory.
 * A payload that is not a batch fails with {@link InvalidBatchException}; JSON that cannot be read, with the
 * parser's {@link IOException}.
 */
final class BatchReader {

    /** What was read: the records (each {@link BatchRecord.Parsed} or {@link BatchRecord.Tree}) and the input. */
    record Batch(List<BatchRecord> items, BatchInput input, int payloadBytes) {
    }

    private final ObjectMapper mapper = Json.mapper();
    private final ItemsReader itemsReader;

    BatchReader(ItemsReader itemsReader) {
        this.itemsReader = itemsReader;
    }

    Batch read(byte[] payload) throws IOException {
        ItemsReader.Items items = null;
        JsonNode batchInput = null;
        try (JsonParser parser = mapper.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidBatchException("the payload must be a JSON object with Items and BatchInput");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Items".equals(field) && value == JsonToken.START_ARRAY) {
                    items = itemsReader.read(payload, parser);
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
        BatchInput input = batchInput(batchInput);
        return new Batch(items.forFormat(input.format()), input, payload.length);
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
