package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Exact JSON: a JSON text read into a tree and written back says the same thing, character for character where it
 * matters.
 * <ul>
 *   <li>Numbers keep their text: integers are exact Jackson integer nodes (int, long or BigInteger); every number
 *       with a fraction or an exponent, and {@code -0}, is an {@link ExactDecimalNode} that writes back its own
 *       text ({@code 9.950000000000000000000000000001}, {@code 1e400}, {@code 1E-400} stay as written) and
 *       compares by its exact decimal value. Nothing passes through a double.</li>
 *   <li>Text: a string or field name with a surrogate that is not part of a pair (an escaped {@code \uD800} on
 *       its own) is rejected with {@link InvalidTextException}: it has no UTF-8 form, so it could only travel on
 *       as {@code ?} or U+FFFD. (Invalid UTF-8 bytes are rejected by the parser itself, or by
 *       {@link ItemStream} before it.)</li>
 *   <li>An object with the same field name twice is rejected (keeping one of the values would silently drop the
 *       other).</li>
 * </ul>
 * The mapper is shared and thread-safe; {@link #mapper()}{@code .readTree(…)} gives exact trees.
 */
public final class ExactJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("exact-json").addDeserializer(JsonNode.class, new ExactTreeDeserializer()))
            .build();

    private ExactJson() {
    }

    /** The shared mapper whose {@code readTree} builds exact trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One JSON document (nothing after it but whitespace). */
    public static JsonNode parse(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** One JSON document (nothing after it but whitespace). */
    public static JsonNode parse(String json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** Compact JSON text, numbers as they were read. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node == null ? NullNode.instance : node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size in bytes of the node's compact UTF-8 JSON text, measured without building the text. */
    public static long sizeInBytes(JsonNode node) {
        return node == null ? 4 : size(node);
    }

    /**
     * The byte count {@link #write} would produce, added up over the tree: every payload a state passes is measured
     * against Step Functions' limit, and walking the tree costs a fraction of running the generator. A node whose
     * text this does not spell out itself (a double, a POJO, a string with a lone surrogate) is measured by writing it.
     * ExactJsonTest holds the two to the same figure.
     */
    private static long size(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                long bytes = 2 + Math.max(0, node.size() - 1); // braces, commas
                for (var field : node.properties()) {
                    bytes += stringSize(field.getKey()) + 1 + size(field.getValue());
                }
                yield bytes;
            }
            case ARRAY -> {
                long bytes = 2 + Math.max(0, node.size() - 1);
                for (JsonNode element : node) {
                    bytes += size(element);
                }
                yield bytes;
            }
            case STRING -> stringSize(node.textValue());
            case BOOLEAN -> node.booleanValue() ? 4 : 5;
            case NULL -> 4;
            case NUMBER -> switch (node) {
                case ExactDecimalNode exact -> exact.text().length();
                case com.fasterxml.jackson.databind.node.IntNode i -> digits(i.intValue());
                case com.fasterxml.jackson.databind.node.LongNode l -> digits(l.longValue());
                default -> written(node);
            };
            default -> written(node);
        };
    }

    private static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int sign = value < 0 ? 1 : 0;
        long magnitude = Math.abs(value);
        int digits = 1;
        while (magnitude >= 10) {
            magnitude /= 10;
            digits++;
        }
        return sign + digits;
    }

    /** A JSON string as Jackson writes it: quoted, {@code "} and {@code \} and control characters escaped, UTF-8. */
    private static long stringSize(String text) {
        long bytes = 2;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += c == '"' || c == '\\' ? 2
                        : c >= 0x20 ? 1
                        : c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return written(com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static long written(JsonNode node) {
        var counter = new CountingStream();
        try {
            MAPPER.writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /**
     * Reads the value the parser is positioned on (its current token, or the next one when it has none) into an
     * exact tree.
     */
    static JsonNode readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken() != null ? parser.currentToken() : parser.nextToken();
        if (token == null) {
            return null;
        }
        return value(parser, token);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(checked(parser, parser.getText()));
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> new ExactDecimalNode(parser.getText(), parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new com.fasterxml.jackson.core.JsonParseException(parser,
                    "unexpected token " + token + " where a JSON value was expected");
        };
    }

    private static ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = checked(parser, parser.currentName());
            object.set(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }

    private static JsonNode integer(JsonParser parser) throws IOException {
        if ("-0".equals(parser.getText())) {
            return new ExactDecimalNode("-0", java.math.BigDecimal.ZERO); // an int node would drop the sign
        }
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }

    /** Rejects a string with a surrogate that is not part of a pair. */
    private static String checked(JsonParser parser, String text) throws InvalidTextException {
        int bad = Text.unpairedSurrogateAt(text);
        if (bad >= 0) {
            throw new InvalidTextException(parser, String.format("a string holds the lone surrogate \\u%04X at character %d "
                    + "(after %s); it has no UTF-8 form", (int) text.charAt(bad), bad, Text.quoted(text.substring(0, bad))),
                    parser.currentTokenLocation());
        }
        return text;
    }

    /** {@code readTree} through this: the exact tree of {@link ExactJson}. */
    private static final class ExactTreeDeserializer extends StdDeserializer<JsonNode> {
        private static final long serialVersionUID = 1L;

        ExactTreeDeserializer() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return value(parser, parser.currentToken());
        }

        @Override
        public JsonNode getNullValue(DeserializationContext context) {
            return NullNode.instance;
        }
    }

    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
