package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * DynamoDB attribute-value JSON ({@code {"S": "…"}}, {@code {"N": "…"}}, …) as Jackson trees — the shape the
 * state machine's {@code dynamodb:putItem} and the SDK's JSON protocol use. Free-form JSON maps as: objects → M,
 * arrays → L, strings → S, numbers → N (plain decimal text), booleans → BOOL, null → NULL.
 */
public final class AttributeValues {

    static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    /** Attribute-value type names, encoded once for the streaming writers. */
    static final SerializableString S = new SerializedString("S");
    static final SerializableString N = new SerializedString("N");
    static final SerializableString M = new SerializedString("M");
    static final SerializableString L = new SerializedString("L");
    static final SerializableString BOOL = new SerializedString("BOOL");
    static final SerializableString NULL = new SerializedString("NULL");

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

    /** Free-form JSON → attribute value (a tree; same shape as {@link #write}). */
    public static ObjectNode toAttributeValue(JsonNode json) {
        TokenBuffer buffer = new TokenBuffer(Json.mapper(), false);
        try {
            write(buffer, json);
            return (ObjectNode) Json.mapper().readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams free-form JSON as an attribute value: objects → M, arrays → L, strings → S, numbers → N, booleans → BOOL, null → NULL. */
    public static void write(JsonGenerator gen, JsonNode json) throws IOException {
        gen.writeStartObject();
        switch (json.getNodeType()) {
            case OBJECT -> {
                gen.writeFieldName(M);
                gen.writeStartObject();
                for (Map.Entry<String, JsonNode> e : json.properties()) {
                    gen.writeFieldName(e.getKey());
                    write(gen, e.getValue());
                }
                gen.writeEndObject();
            }
            case ARRAY -> {
                gen.writeFieldName(L);
                gen.writeStartArray();
                for (JsonNode element : json) {
                    write(gen, element);
                }
                gen.writeEndArray();
            }
            case STRING -> {
                gen.writeFieldName(S);
                gen.writeString(json.textValue());
            }
            case NUMBER -> {
                gen.writeFieldName(N);
                gen.writeString(json.isIntegralNumber() ? json.asText() : Decimals.canonical(json.decimalValue()));
            }
            case BOOLEAN -> {
                gen.writeFieldName(BOOL);
                gen.writeBoolean(json.booleanValue());
            }
            case NULL -> {
                gen.writeFieldName(NULL);
                gen.writeBoolean(true);
            }
            default -> throw new IllegalArgumentException("no attribute value for JSON node type " + json.getNodeType());
        }
        gen.writeEndObject();
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

    /** DynamoDB numbers: up to 38 significant digits, magnitude between 1E-130 and 1E+125 (or zero). */
    static boolean isStorableNumber(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        int precision = value.precision();
        if (precision > 38) {
            BigDecimal stripped = value.stripTrailingZeros();
            if (stripped.precision() > 38) {
                return false;
            }
        }
        long adjustedExponent = (long) precision - value.scale() - 1;
        return adjustedExponent >= -130 && adjustedExponent <= 125;
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
