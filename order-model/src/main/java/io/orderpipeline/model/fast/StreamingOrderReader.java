package io.orderpipeline.model.fast;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast read of one record: straight off the streaming parser into its {@link RecordFields}, without a tree of the
 * record or of its item lines. Only the values the rules read become nodes (scalars built as Jackson's tree read
 * builds them; {@code shippingAddress}, {@code attributes} and anything unexpected read as small trees); every other
 * field is read as a tree and dropped, so JSON the tree read cannot read fails here too.
 *
 * <p>It judges nothing. It gives way (returns null, the caller reads the record as a tree) only where its fields
 * could differ from the tree's: a field the rules read that appears twice in one object (the tree keeps the last).
 * Stateless and thread-safe.
 */
public final class StreamingOrderReader {

    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    /**
     * Reads the record whose {@code START_OBJECT} is the parser's current token and leaves the parser on its
     * {@code END_OBJECT}, whatever the outcome.
     *
     * @return the record's fields, or null when it repeats a field the rules read (read it as a tree)
     * @throws IOException when the JSON itself cannot be read (the tree read fails the same way)
     */
    public RecordFields read(JsonParser parser) throws IOException {
        JsonStreamContext outside = parser.getParsingContext().getParent();
        RecordFields record = RecordFields.record();
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            int id = RecordFields.recordFieldId(field);
            boolean taken;
            if (id < 0) {
                Json.mapper().readTree(parser); // not read by the rules; read as the tree read does
                taken = true;
            } else if (id == RecordFields.ITEMS && token == JsonToken.START_ARRAY) {
                List<RecordFields> lines = lines(parser);
                taken = lines != null && record.setLines(lines);
            } else {
                taken = record.set(id, value(parser, token));
            }
            if (!taken) {
                skipRest(parser, outside);
                return null;
            }
        }
        return record;
    }

    /** The elements of an {@code items} array, or null when a line repeats a field the rules read. */
    private static List<RecordFields> lines(JsonParser p) throws IOException {
        List<RecordFields> lines = new ArrayList<>(8);
        boolean clean = true;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            RecordFields line = token == JsonToken.START_OBJECT ? line(p) : RecordFields.notAnObject(value(p, token));
            clean &= line != null;
            lines.add(line);
        }
        return clean ? lines : null;
    }

    /** One item line, read to its end; null when it repeats a field the rules read. */
    private static RecordFields line(JsonParser p) throws IOException {
        RecordFields line = RecordFields.line();
        String field;
        boolean clean = true;
        while ((field = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            int id = RecordFields.lineFieldId(field);
            JsonNode value = value(p, token);
            if (id >= 0 && !line.set(id, value)) {
                clean = false;
            }
        }
        return clean ? line : null;
    }

    /**
     * The value at the current token as the tree read builds it: scalars from the token itself (numbers: ints as
     * int, long or big-integer nodes by size; decimals as BigDecimal with their scale, the shared mapper's settings),
     * containers through the mapper.
     */
    static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> Json.mapper().readTree(p);
        };
    }

    /** Moves the parser to the record's {@code END_OBJECT}. */
    private static void skipRest(JsonParser parser, JsonStreamContext outside) throws IOException {
        JsonToken token = parser.currentToken();
        while (token != JsonToken.END_OBJECT || parser.getParsingContext() != outside) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                parser.skipChildren();
            }
            token = parser.nextToken();
        }
    }
}
