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
 *
 * <p>The Map puts {@code Items} before {@code BatchInput}, so the records are read before the batch's format is
 * known: {@link #read} reads them by the JSON and JSONL rules (the same for both) and {@link Pending#resolve} settles
 * them once the format is known. For a CSV batch every object record is read again from its bytes by the CSV rules
 * (numbers as strings, empty cells as absent).
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
     * Reads the array's records by the JSON rules and leaves the parser on its {@code END_ARRAY}.
     *
     * @param payload the bytes the parser reads
     * @param parser  a parser over the whole of {@code payload}, on the array's {@code START_ARRAY}
     * @throws IOException when the JSON cannot be read (a tree read of the payload fails too)
     */
    public Pending read(byte[] payload, JsonParser parser) throws IOException {
        Pending pending = new Pending(payload);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new EOFException("the Items array is not closed");
            }
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                Order order = validator.readValidOrder(parser, RecordFormat.JSON);
                long bytes = parser.currentLocation().getByteOffset() - start;
                pending.addObject(order != null && bytes <= OrderValidator.MAX_RECORD_BYTES
                        ? new Parsed(order, bytes) : null, start, bytes);
            } else {
                JsonNode tree = Json.mapper().readTree(parser);
                pending.addOther(new Tree(tree, parser.currentLocation().getByteOffset() - start));
            }
        }
        return pending;
    }

    /** The records as read before the format was known; {@link #resolve} gives them for the batch's format. */
    public final class Pending {
        private final byte[] payload;
        /** Per record: what the JSON read gave (null: an object record the fast path declined). */
        private final List<Record> records = new ArrayList<>(128);
        /** Per record: where its bytes are in the payload (null when it is not an object). */
        private final List<Slice> slices = new ArrayList<>(128);

        private Pending(byte[] payload) {
            this.payload = payload;
        }

        private void addObject(Parsed parsed, long start, long bytes) {
            records.add(parsed);
            slices.add(new Slice(start, bytes));
        }

        private void addOther(Tree tree) {
            records.add(tree);
            slices.add(null);
        }

        /** The records for the batch's format: each a {@link Parsed} order or a {@link Tree} to validate. */
        public List<Record> resolve(RecordFormat format) throws IOException {
            boolean csv = format.acceptsNumbersAsStrings();
            List<Record> resolved = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                Record record = records.get(i);
                Slice slice = slices.get(i);
                if (slice == null || (record != null && !csv)) {
                    resolved.add(record);
                } else {
                    resolved.add(csv ? readAgain(slice, format) : tree(slice));
                }
            }
            return resolved;
        }

        /** An object record read again from its bytes by the format's rules. */
        private Record readAgain(Slice slice, RecordFormat format) throws IOException {
            if (slice.bytes() <= OrderValidator.MAX_RECORD_BYTES) {
                try (JsonParser parser = Json.mapper().createParser(payload, slice.offset(), slice.length())) {
                    parser.nextToken();
                    Order order = validator.readValidOrder(parser, format);
                    if (order != null) {
                        return new Parsed(order, slice.bytes());
                    }
                }
            }
            return tree(slice);
        }

        private Tree tree(Slice slice) throws IOException {
            return new Tree(Json.mapper().readTree(payload, slice.offset(), slice.length()), slice.bytes());
        }
    }

    /** Where a record's bytes are in the payload. */
    private record Slice(long start, long bytes) {
        int offset() {
            return Math.toIntExact(start);
        }

        int length() {
            return Math.toIntExact(bytes);
        }
    }
}
