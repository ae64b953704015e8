package io.orderpipeline.bench.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.DlqMessages;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Json;
import io.orderpipeline.model.OrderItemMapper;
import io.orderpipeline.model.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The validator's work on one batch, built from order-model alone: bytes of a validator batch (data-contracts.md §2)
 * → records (each measured while it is read, for the record-size rule) → validate → DynamoDB item or DLQ body →
 * output bytes. This is what the throughput benchmark measures; the Lambda handler adds only its envelope
 * (logging, metrics, tracing) around the same calls.
 */
public final class BatchPipeline {

    private final ObjectMapper mapper = Json.mapper();
    /** Same settings as {@link Json#mapper()}, reading one value at a time out of the batch. */
    private final ObjectReader recordReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final OrderValidator validator;
    private final Clock clock;

    public BatchPipeline(Clock clock) {
        this.clock = clock;
        this.validator = new OrderValidator(clock);
    }

    /** The records of a batch, each with its serialized size, and the batch input. */
    public record Batch(List<JsonNode> records, List<Long> sizes, JsonNode batchInput) {
    }

    /** @return the batch output (valid / invalid / counts) as UTF-8 JSON */
    public byte[] process(byte[] batchJson) {
        try {
            return map(read(batchJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stage 1 alone: reads the records (order-model's Jackson settings: decimals as BigDecimal). */
    public Batch read(byte[] batchJson) {
        try (JsonParser parser = mapper.createParser(batchJson)) {
            List<JsonNode> records = new ArrayList<>(128);
            List<Long> sizes = new ArrayList<>(128);
            JsonNode batchInput = null;
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Items".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        long start = parser.currentTokenLocation().getByteOffset();
                        records.add(recordReader.readTree(parser));
                        sizes.add(parser.currentLocation().getByteOffset() - start);
                    }
                } else if ("BatchInput".equals(field)) {
                    batchInput = recordReader.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return new Batch(records, sizes, batchInput);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages 1 + 2: reads and validates, maps nothing; returns the number of valid orders. */
    public int readAndValidate(byte[] batchJson) {
        Batch batch = read(batchJson);
        RecordFormat format = RecordFormat.fromName(batch.batchInput().path("format").asText("JSON"));
        int valid = 0;
        for (int i = 0; i < batch.records().size(); i++) {
            if (validator.validate(batch.records().get(i), format, batch.sizes().get(i)).isValid()) {
                valid++;
            }
        }
        return valid;
    }

    private byte[] map(Batch batch) throws IOException {
        List<JsonNode> records = batch.records();
        List<Long> sizes = batch.sizes();
        JsonNode batchInput = batch.batchInput();
        RecordFormat format = RecordFormat.fromName(batchInput.path("format").asText("JSON"));
        IngestionContext context = new IngestionContext(
                new SourceRef(batchInput.path("bucket").asText(), batchInput.path("key").asText(),
                        batchInput.path("versionId").textValue()),
                batchInput.path("executionId").textValue(), clock.instant());
        ObjectNode output = mapper.createObjectNode();
        ArrayNode valid = output.putArray("valid");
        ArrayNode invalid = output.putArray("invalid");
        Map<String, Integer> byReason = new java.util.TreeMap<>();
        int validCount = 0;
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            switch (validator.validate(record, format, sizes.get(i))) {
                case ValidationResult.Valid ok -> {
                    ObjectNode entry = valid.addObject();
                    entry.put("orderId", ok.orderId());
                    entry.set("item", OrderItemMapper.toItem(ok.order(), context));
                    validCount++;
                }
                case ValidationResult.Invalid bad -> {
                    var message = DlqMessages.invalidOrder(record, bad, context);
                    ObjectNode entry = invalid.addObject();
                    entry.put("orderId", bad.orderId());
                    entry.put("message", DlqMessages.toJson(message));
                    entry.set("attributes", DlqMessages.attributes(message));
                    byReason.merge(bad.primaryReason().name(), 1, Integer::sum);
                }
            }
        }
        ObjectNode counts = output.putObject("counts");
        counts.put("received", records.size());
        counts.put("valid", validCount);
        counts.put("invalid", records.size() - validCount);
        ObjectNode reasons = counts.putObject("byReason");
        byReason.forEach(reasons::put);
        return mapper.writeValueAsBytes(output);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
        }
    }
}
