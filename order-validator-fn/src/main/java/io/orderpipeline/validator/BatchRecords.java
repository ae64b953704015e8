package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.fast.RecordFields;
import io.orderpipeline.model.fast.StreamingOrderReader;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the records of a batch's {@code Items} array (the Distributed Map's batch envelope, data-contracts.md §2: each
 * item {@code {"index": n, "record": …}}, made by the Map's ItemSelector) in one pass over the payload's bytes, each
 * record measured as delivered (the bytes from its first to its last token) for the
 * record-size rule. An object record's fields are read straight off the parser ({@link StreamingOrderReader}); once
 * the batch's format is known, a record whose fields make a valid order becomes that {@link Order}
 * ({@link OrderValidator#validOrder}, the same rule pass as the tree's) and every other record is read again from its
 * own bytes as a tree, for {@link OrderValidator#validate(JsonNode, RecordFormat)} and the DLQ body, so it gives
 * exactly the tree, violations and message a tree-only read gives. Thread-safe.
 *
 * <p>The Map puts {@code Items} before {@code BatchInput}, so the records are read before the batch's format is
 * known: reading fields does not depend on it, only the rules do ({@link Pending#forFormat}).
 */
final class BatchRecords implements ItemsReader {

    private static final StreamingOrderReader FIELDS = new StreamingOrderReader();

    private final OrderValidator validator;

    BatchRecords(OrderValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * Reads the array's records and leaves the parser on its {@code END_ARRAY}.
     *
     * @param payload the bytes the parser reads
     * @param parser  a parser over the whole of {@code payload}, on the array's {@code START_ARRAY}
     * @throws IOException when the JSON cannot be read (a tree read of the payload fails too)
     */
    @Override
    public Pending read(byte[] payload, JsonParser parser) throws IOException {
        Pending pending = new Pending(payload);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new EOFException("the Items array is not closed");
            }
            if (token != JsonToken.START_OBJECT) {
                throw notAnItem(pending.size(), "a " + token.asString());
            }
            readItem(payload, parser, pending);
        }
        return pending;
    }

    /** One item, {@code {"index": n, "record": …}} in either order (other members skipped). */
    private static void readItem(byte[] payload, JsonParser parser, Pending pending) throws IOException {
        long index = -1;
        RecordFields recordFields = null;
        Slice slice = null;
        BatchRecord.Tree other = null;
        boolean hasRecord = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("index".equals(name)) {
                if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || parser.getLongValue() < 0) {
                    throw notAnItem(pending.size(), "an index that is not a whole number from 0");
                }
                index = parser.getLongValue();
            } else if ("record".equals(name)) {
                hasRecord = true;
                long start = parser.currentTokenLocation().getByteOffset();
                if (value == JsonToken.START_OBJECT) {
                    recordFields = FIELDS.read(parser);
                    slice = new Slice(start, parser.currentLocation().getByteOffset() - start);
                } else {
                    JsonNode tree = Json.mapper().readTree(parser);
                    other = new BatchRecord.Tree(-1, tree, parser.currentLocation().getByteOffset() - start);
                }
            } else {
                parser.skipChildren();
            }
        }
        if (index < 0 || !hasRecord) {
            throw notAnItem(pending.size(), "an object without " + (index < 0 ? "index" : "record"));
        }
        if (slice != null) {
            pending.addObject(index, recordFields, slice);
        } else {
            pending.addOther(new BatchRecord.Tree(index, other.record(), other.bytes()));
        }
    }

    static InvalidBatchException notAnItem(int position, String what) {
        return new InvalidBatchException("Items[" + position + "] is " + what + "; every item must be {\"index\": n,"
                + " \"record\": …} (the Distributed Map's ItemSelector, data-contracts.md §2)");
    }

    /** The records as read before the format was known; {@link #forFormat} gives them for the batch's format. */
    final class Pending implements ItemsReader.Items {
        private final byte[] payload;
        /** Per record: the fields of an object record (null when the reader gave way), or null for another record. */
        private final List<RecordFields> fields = new ArrayList<>(128);
        /** Per record: where an object record's bytes are in the payload, or null for another record. */
        private final List<Slice> slices = new ArrayList<>(128);
        /** Per record: a record that is not an object, as a tree; null for an object record. */
        private final List<BatchRecord.Tree> others = new ArrayList<>(128);
        /** Per record: its index in the file. */
        private final List<Long> indexes = new ArrayList<>(128);

        private Pending(byte[] payload) {
            this.payload = payload;
        }

        int size() {
            return indexes.size();
        }

        private void addObject(long index, RecordFields recordFields, Slice slice) {
            indexes.add(index);
            fields.add(recordFields);
            slices.add(slice);
            others.add(null);
        }

        private void addOther(BatchRecord.Tree tree) {
            indexes.add(tree.index());
            fields.add(null);
            slices.add(null);
            others.add(tree);
        }

        /** The records for the batch's format: each a {@link BatchRecord.Parsed} order or a {@link BatchRecord.Tree} to validate. */
        @Override
        public List<BatchRecord> forFormat(RecordFormat format) throws IOException {
            List<BatchRecord> resolved = new ArrayList<>(others.size());
            for (int i = 0; i < others.size(); i++) {
                Slice slice = slices.get(i);
                if (slice == null) {
                    resolved.add(others.get(i));
                    continue;
                }
                RecordFields recordFields = fields.get(i);
                long index = indexes.get(i);
                Order order = recordFields == null ? null : validator.validOrder(recordFields, format);
                resolved.add(order != null ? new BatchRecord.Parsed(index, order, slice.bytes())
                        : new BatchRecord.Tree(index, Json.mapper().readTree(payload, slice.offset(), slice.length()),
                        slice.bytes()));
            }
            return resolved;
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
