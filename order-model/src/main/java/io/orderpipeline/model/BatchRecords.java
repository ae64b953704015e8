package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the records of a batch's {@code Items} array in one pass over the payload's bytes, each measured as
 * delivered (the bytes from its first to its last token) for the record-size rule. A clean valid order is read
 * straight into an {@link Order} ({@link OrderValidator#readValidOrder}); every other record is read again from its
 * own bytes as a tree, for {@link OrderValidator#validate(JsonNode, RecordFormat, long)} and the DLQ body, so it
 * gives exactly the tree, violations and message the tree-only read gives. Thread-safe.
 */
public final class BatchRecords {

    /** One record of the batch and its size in the payload. */
    public sealed interface Record permits Parsed, Tree {
        long bytes();
    }

    /** A valid order, read without a tree of the record. */
    public record Parsed(Order order, long bytes) implements Record {
        public Parsed {
            Objects.requireNonNull(order, "order");
        }
    }

    /** Any other record, as a tree still to be validated. */
    public record Tree(JsonNode record, long bytes) implements Record {
    }

    private final OrderValidator validator;

    public BatchRecords(OrderValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * Reads the array's records and leaves the parser on its {@code END_ARRAY}.
     *
     * @param payload the bytes the parser reads
     * @param base    where in {@code payload} the parser's input starts (its byte offsets count from there)
     * @param parser  a parser over {@code payload} from {@code base}, on the array's {@code START_ARRAY}
     * @throws IOException when the JSON cannot be read (a tree read of the payload fails too)
     */
    public List<Record> read(byte[] payload, int base, JsonParser parser, RecordFormat format) throws IOException {
        List<Record> records = new ArrayList<>(128);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new EOFException("the Items array is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                Order order = validator.readValidOrder(parser, format);
                long bytes = parser.currentLocation().getByteOffset() - start;
                if (order != null && bytes <= OrderValidator.MAX_RECORD_BYTES) {
                    records.add(new Parsed(order, bytes));
                } else {
                    JsonNode tree = Json.mapper().readTree(payload, base + Math.toIntExact(start), Math.toIntExact(bytes));
                    records.add(new Tree(tree, bytes));
                }
            } else {
                JsonNode tree = Json.mapper().readTree(parser);
                records.add(new Tree(tree, parser.currentLocation().getByteOffset() - start));
            }
        }
        return records;
    }
}
