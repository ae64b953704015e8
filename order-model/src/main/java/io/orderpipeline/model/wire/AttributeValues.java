package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.fast.JsonBytes;
import io.orderpipeline.model.json.Decimals;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * DynamoDB attribute-value JSON ({@code {"S": "…"}}, {@code {"N": "…"}}, …) — the shape the state machine's
 * {@code dynamodb:putItem} and the SDK's JSON protocol use. Free-form JSON maps as: objects → M, arrays → L,
 * strings → S, numbers → N (plain decimal text), booleans → BOOL, null → NULL ({@link #encode}, the one encoding).
 */
public final class AttributeValues {

    static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    private static final byte[] M = JsonBytes.constant("{\"M\":{");
    private static final byte[] M_END = JsonBytes.constant("}}");
    private static final byte[] L = JsonBytes.constant("{\"L\":[");
    private static final byte[] L_END = JsonBytes.constant("]}");
    private static final byte[] S = JsonBytes.constant("{\"S\":\"");
    private static final byte[] N = JsonBytes.constant("{\"N\":\"");
    private static final byte[] STRING_END = JsonBytes.constant("\"}");
    private static final byte[] TRUE = JsonBytes.constant("{\"BOOL\":true}");
    private static final byte[] FALSE = JsonBytes.constant("{\"BOOL\":false}");
    private static final byte[] NULL = JsonBytes.constant("{\"NULL\":true}");
    private static final byte[] COMMA = JsonBytes.constant(",");
    private static final byte[] QUOTE = JsonBytes.constant("\"");
    private static final byte[] QUOTE_COLON = JsonBytes.constant("\":");

    private AttributeValues() {
    }

    public static ObjectNode s(String value) {
        ObjectNode av = NODES.objectNode();
        av.put("S", value);
        return av;
    }

    public static ObjectNode n(BigDecimal value) {
        ObjectNode av = NODES.objectNode();
        av.put("N", Decimals.canonical(value));
        return av;
    }

    public static ObjectNode n(long value) {
        ObjectNode av = NODES.objectNode();
        av.put("N", Long.toString(value));
        return av;
    }

    /** Free-form JSON → attribute value, as a tree (the shape {@link BatchItemWriter} writes into items). */
    public static ObjectNode toAttributeValue(JsonNode json) {
        JsonBytes out = new JsonBytes(256);
        encode(out, json);
        try {
            return (ObjectNode) Json.mapper().readTree(out.array(), 0, out.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Free-form JSON as an attribute value, encoded by hand: objects → M, arrays → L, strings → S, numbers → N
     * (canonical decimal text), booleans → BOOL, null → NULL.
     */
    static void encode(JsonBytes out, JsonNode json) {
        switch (json.getNodeType()) {
            case OBJECT -> {
                out.raw(M);
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : json.properties()) {
                    if (!first) {
                        out.raw(COMMA);
                    }
                    first = false;
                    out.raw(QUOTE);
                    out.string(e.getKey());
                    out.raw(QUOTE_COLON);
                    encode(out, e.getValue());
                }
                out.raw(M_END);
            }
            case ARRAY -> {
                out.raw(L);
                for (int i = 0; i < json.size(); i++) {
                    if (i > 0) {
                        out.raw(COMMA);
                    }
                    encode(out, json.get(i));
                }
                out.raw(L_END);
            }
            case STRING -> {
                out.raw(S);
                out.string(json.textValue());
                out.raw(STRING_END);
            }
            case NUMBER -> {
                out.raw(N);
                if (json.isIntegralNumber()) {
                    out.integer(json);
                } else {
                    out.decimal(json.decimalValue());
                }
                out.raw(STRING_END);
            }
            case BOOLEAN -> out.raw(json.booleanValue() ? TRUE : FALSE);
            case NULL -> out.raw(NULL);
            default -> throw new IllegalArgumentException("no attribute value for JSON node type " + json.getNodeType());
        }
    }

    /** Attribute value → free-form JSON (the reverse of {@link #toAttributeValue}). */
    public static JsonNode toJson(JsonNode av) {
        if (av == null || !av.isObject() || av.size() != 1) {
            throw new IllegalArgumentException("not an attribute value: " + av);
        }
        Map.Entry<String, JsonNode> only = av.properties().iterator().next();
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> NODES.textNode(requireText(value, "S"));
            case "N" -> number(requireText(value, "N"));
            case "BOOL" -> NODES.booleanNode(value.asBoolean());
            case "NULL" -> NODES.nullNode();
            case "M" -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    object.set(e.getKey(), toJson(e.getValue()));
                }
                yield object;
            }
            case "L" -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonNode element : value) {
                    array.add(toJson(element));
                }
                yield array;
            }
            default -> throw new IllegalArgumentException("unsupported attribute value type " + only.getKey());
        };
    }

    /** The S value of an item attribute, or null when absent. */
    public static String string(JsonNode item, String name) {
        JsonNode av = item.get(name);
        if (av == null) {
            return null;
        }
        JsonNode s = av.get("S");
        if (s == null || !s.isTextual()) {
            throw new IllegalArgumentException(name + " is not an S attribute value: " + av);
        }
        return s.textValue();
    }

    /** The N value of an item attribute, or null when absent. */
    public static BigDecimal number(JsonNode item, String name) {
        JsonNode av = item.get(name);
        if (av == null) {
            return null;
        }
        JsonNode n = av.get("N");
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(name + " is not an N attribute value: " + av);
        }
        BigDecimal value = Decimals.parseOrNull(n.textValue());
        if (value == null) {
            throw new IllegalArgumentException(name + " is not a number: " + n.textValue());
        }
        return value;
    }

    private static JsonNode number(String text) {
        BigDecimal value = Decimals.parseOrNull(text);
        if (value == null) {
            throw new IllegalArgumentException("not a number: " + text);
        }
        if (value.scale() == 0) {
            BigInteger integer = value.unscaledValue();
            if (integer.bitLength() < 32) {
                return NODES.numberNode(integer.intValue());
            }
            if (integer.bitLength() < 64) {
                return NODES.numberNode(integer.longValue());
            }
            return NODES.numberNode(integer);
        }
        return NODES.numberNode(value);
    }

    private static String requireText(JsonNode value, String type) {
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(type + " attribute value must hold a string: " + value);
        }
        return value.textValue();
    }
}
