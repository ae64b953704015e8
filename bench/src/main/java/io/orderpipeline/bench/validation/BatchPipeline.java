package io.orderpipeline.bench.validation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.orderpipeline.model.BatchItemWriter;
import io.orderpipeline.model.BatchRecords;
import io.orderpipeline.model.DlqMessages;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Json;
import io.orderpipeline.model.OrderItemMapper;
import io.orderpipeline.model.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validator's work on one batch, built from order-model alone: bytes of a validator batch (data-contracts.md §2)
 * → records (each measured while it is read, for the record-size rule) → validate → DynamoDB item or DLQ body →
 * output bytes. This is what the throughput benchmark measures; the Lambda handler adds only its envelope
 * (logging, metrics, tracing) around the same calls.
 *
 * <p>Two ways, as in the validator: {@link #process} is the streaming fast path (a clean valid order is read straight
 * into an {@code Order}, other records become trees; items are hand-encoded with the batch's shared attributes
 * encoded once), {@link #processTrees} the tree-only path it replaced (every record a tree, every item through
 * {@code OrderItemMapper.writeItem}), kept as the reference to compare with in the same run.
 */
public final class BatchPipeline {

    private final ObjectMapper mapper = Json.mapper();
    /** Same settings as {@link Json#mapper()}, reading one value at a time out of the batch. */
    private final ObjectReader recordReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final OrderValidator validator;
    private final BatchRecords records;
    private final Clock clock;

    public BatchPipeline(Clock clock) {
        this.clock = clock;
        this.validator = new OrderValidator(clock);
        this.records = new BatchRecords(validator);
    }

    /** The records of a batch, each with its serialized size (tree path), and the batch input. */
    public record Batch(List<JsonNode> records, List<Long> sizes, JsonNode batchInput) {
    }

    /** The records as the fast path reads them ({@link BatchRecords.Parsed} or {@link BatchRecords.Tree}). */
    public record FastBatch(List<BatchRecords.Record> records, JsonNode batchInput) {
    }

    /** @return the batch output (valid / invalid / counts) as UTF-8 JSON, by the streaming fast path */
    public byte[] process(byte[] batchJson) {
        try {
            return mapFast(readFast(batchJson), batchJson.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the same output bytes by the tree-only path */
    public byte[] processTrees(byte[] batchJson) {
        try {
            return map(read(batchJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stage 1 of the fast path: the records as the validator reads them. A clean valid order is read straight into an
     * {@code Order}, so this stage already includes the rules for those; the others become trees.
     */
    public FastBatch readFast(byte[] batchJson) {
        try (JsonParser parser = mapper.createParser(batchJson)) {
            BatchRecords.Pending items = null;
            JsonNode batchInput = null;
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("Items".equals(field) && value == JsonToken.START_ARRAY) {
                    items = records.read(batchJson, parser);
                } else if ("BatchInput".equals(field)) {
                    batchInput = recordReader.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return new FastBatch(items.resolve(format(batchInput)), batchInput);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages 1 + 2 of the fast path: reads and validates, maps nothing; returns the number of valid orders. */
    public int readAndValidateFast(byte[] batchJson) {
        FastBatch batch = readFast(batchJson);
        RecordFormat format = format(batch.batchInput());
        int valid = 0;
        for (BatchRecords.Record record : batch.records()) {
            if (result(record, format).isValid()) {
                valid++;
            }
        }
        return valid;
    }

    /** Stage 1 alone, tree path: reads the records (order-model's Jackson settings: decimals as BigDecimal). */
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

    /** Stages 1 + 2, tree path: reads and validates, maps nothing; returns the number of valid orders. */
    public int readAndValidate(byte[] batchJson) {
        Batch batch = read(batchJson);
        RecordFormat format = format(batch.batchInput());
        int valid = 0;
        for (int i = 0; i < batch.records().size(); i++) {
            if (validator.validate(batch.records().get(i), format, batch.sizes().get(i)).isValid()) {
                valid++;
            }
        }
        return valid;
    }

    private ValidationResult result(BatchRecords.Record record, RecordFormat format) {
        return switch (record) {
            case BatchRecords.Parsed parsed -> new ValidationResult.Valid(parsed.order());
            case BatchRecords.Tree tree -> validator.validate(tree.record(), format, tree.bytes());
        };
    }

    private static RecordFormat format(JsonNode batchInput) {
        return RecordFormat.fromName(batchInput.path("format").asText("JSON"));
    }

    private IngestionContext context(JsonNode batchInput) {
        return new IngestionContext(
                new SourceRef(batchInput.path("bucket").asText(), batchInput.path("key").asText(),
                        batchInput.path("versionId").textValue()),
                batchInput.path("executionId").textValue(), clock.instant());
    }

    private byte[] mapFast(FastBatch batch, int inputBytes) throws IOException {
        RecordFormat format = format(batch.batchInput());
        IngestionContext context = context(batch.batchInput());
        List<BatchRecords.Record> records = batch.records();
        List<ValidationResult> results = new ArrayList<>(records.size());
        List<JsonNode> trees = new ArrayList<>(records.size());
        for (BatchRecords.Record record : records) {
            results.add(result(record, format));
            trees.add(record instanceof BatchRecords.Tree tree ? tree.record() : null);
        }
        return write(results, trees, context, new ByteArrayOutputStream((int) (inputBytes * 2.5)),
                new BatchItemWriter(context));
    }

    private byte[] map(Batch batch) throws IOException {
        List<JsonNode> records = batch.records();
        RecordFormat format = format(batch.batchInput());
        IngestionContext context = context(batch.batchInput());
        List<ValidationResult> results = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            results.add(validator.validate(records.get(i), format, batch.sizes().get(i)));
        }
        return write(results, records, context, new ByteArrayOutputStream(64 * 1024), null);
    }

    /** The output, as the validator writes it; {@code items} null: every item through the mapper (tree path). */
    private byte[] write(List<ValidationResult> results, List<JsonNode> records, IngestionContext context,
                         ByteArrayOutputStream out, BatchItemWriter items) throws IOException {
        // Streamed straight into the output, as the validator handler does (no item tree in between).
        Map<String, Integer> byReason = new TreeMap<>();
        int validCount = 0;
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeArrayFieldStart("valid");
            for (ValidationResult result : results) {
                if (result instanceof ValidationResult.Valid ok) {
                    gen.writeStartObject();
                    gen.writeStringField("orderId", ok.orderId());
                    gen.writeFieldName("item");
                    if (items != null) {
                        items.writeItem(gen, ok.order());
                    } else {
                        OrderItemMapper.writeItem(gen, ok.order(), context);
                    }
                    gen.writeEndObject();
                    validCount++;
                }
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("invalid");
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof ValidationResult.Invalid bad) {
                    var message = DlqMessages.invalidOrder(records.get(i), bad, context);
                    gen.writeStartObject();
                    gen.writeStringField("orderId", bad.orderId());
                    gen.writeStringField("message", DlqMessages.toJson(message));
                    gen.writeFieldName("attributes");
                    mapper.writeTree(gen, DlqMessages.attributes(message));
                    gen.writeEndObject();
                    byReason.merge(bad.primaryReason().name(), 1, Integer::sum);
                }
            }
            gen.writeEndArray();
            gen.writeObjectFieldStart("counts");
            gen.writeNumberField("received", results.size());
            gen.writeNumberField("valid", validCount);
            gen.writeNumberField("invalid", results.size() - validCount);
            gen.writeObjectFieldStart("byReason");
            for (var e : byReason.entrySet()) {
                gen.writeNumberField(e.getKey(), e.getValue());
            }
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
        }
    }
}
