package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.model.BatchRecords;
import io.orderpipeline.model.Json;
import io.orderpipeline.model.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a batch. The payload (at most 256 KiB) is read into memory and its {@code Items} are read by
 * {@link BatchRecords}: a clean valid order straight into an {@link io.orderpipeline.model.Order}, any other record
 * as a tree, each measured in bytes as delivered on the way, so the record-size rule costs nothing. A payload it
 * cannot read (not JSON, no Items, a bad BatchInput…) is read once more by the tree-only reader, which fails exactly
 * as it always has.
 */
final class BatchReader {

    /** What was read: the records (each {@link BatchRecords.Parsed} or {@link BatchRecords.Tree}) and the input. */
    record Batch(List<BatchRecords.Record> items, BatchInput input, int payloadBytes) {
    }

    private final ObjectMapper mapper = Json.mapper();
    private final BatchRecords records;

    BatchReader(OrderValidator validator) {
        this.records = new BatchRecords(validator);
    }

    Batch read(InputStream in) throws IOException {
        byte[] payload = in.readAllBytes();
        Batch batch;
        try {
            batch = readStreaming(payload);
        } catch (IOException | RuntimeException e) {
            batch = null; // read again below, where the error is reported as it always was
        }
        return batch != null ? batch : readTrees(payload);
    }

    /** The fast read; null when the payload is not a well-formed batch (the tree read then says why). */
    private Batch readStreaming(byte[] payload) throws IOException {
        BatchRecords.Pending items = null;
        JsonNode batchInput = null;
        try (JsonParser parser = mapper.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Items".equals(field) && value == JsonToken.START_ARRAY) {
                    items = records.read(payload, parser);
                } else if ("BatchInput".equals(field)) {
                    batchInput = mapper.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (items == null) {
            return null;
        }
        BatchInput input = batchInput(batchInput);
        return new Batch(items.resolve(input.format()), input, payload.length);
    }

    /**
     * Every record as a tree: the reader of record for anything the streaming read does not take, and the reference
     * the streaming read is tested against.
     */
    Batch readTrees(byte[] payload) throws IOException {
        List<BatchRecords.Record> items = null;
        JsonNode batchInput = null;
        try (JsonParser parser = mapper.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidBatchException("the payload must be a JSON object with Items and BatchInput");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Items".equals(field) && value == JsonToken.START_ARRAY) {
                    items = readTreeItems(parser);
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
        return new Batch(items, batchInput(batchInput), payload.length);
    }

    private List<BatchRecords.Record> readTreeItems(JsonParser parser) throws IOException {
        List<BatchRecords.Record> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long start = offset(parser.currentTokenLocation());
            JsonNode record = mapper.readTree(parser);
            long end = offset(parser.currentLocation());
            items.add(new BatchRecords.Tree(record, start >= 0 && end >= start ? end - start : Json.serializedSize(record)));
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
