package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB attribute-value JSON ({@code {"S": "x"}}, {@code {"M": {…}}}, …), as Step Functions passes it, to and from
 * the SDK's {@link AttributeValue}. Binary values are base64 in JSON, as on the wire.
 */
public final class AttributeValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    public static Map<String, AttributeValue> toMap(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("Expected a map of attribute values, got " + json);
        }
        var map = new LinkedHashMap<String, AttributeValue>();
        json.properties().forEach(e -> map.put(e.getKey(), toValue(e.getValue())));
        return map;
    }

    public static AttributeValue toValue(JsonNode json) {
        if (json == null || !json.isObject() || json.size() != 1) {
            throw new IllegalArgumentException("An attribute value has exactly one type key, got " + json);
        }
        var entry = json.properties().iterator().next();
        var value = entry.getValue();
        return switch (entry.getKey()) {
            case "S" -> AttributeValue.fromS(text(value, "S"));
            case "N" -> AttributeValue.fromN(text(value, "N"));
            case "BOOL" -> AttributeValue.fromBool(value.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(value, "B"))));
            case "M" -> AttributeValue.fromM(toMap(value));
            case "L" -> {
                var list = new ArrayList<AttributeValue>();
                value.forEach(element -> list.add(toValue(element)));
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(texts(value, "SS"));
            case "NS" -> AttributeValue.fromNs(texts(value, "NS"));
            case "BS" -> AttributeValue.fromBs(texts(value, "BS").stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            default -> throw new IllegalArgumentException("Unknown attribute value type " + entry.getKey());
        };
    }

    public static ObjectNode fromMap(Map<String, AttributeValue> map) {
        var json = NODES.objectNode();
        map.forEach((name, value) -> json.set(name, fromValue(value)));
        return json;
    }

    public static ObjectNode fromValue(AttributeValue value) {
        var json = NODES.objectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case B -> json.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case M -> json.set("M", fromMap(value.m()));
            case L -> {
                var list = json.putArray("L");
                value.l().forEach(element -> list.add(fromValue(element)));
            }
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                var list = json.putArray("BS");
                value.bs().forEach(b -> list.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            default -> throw new IllegalArgumentException("Unknown attribute value " + value);
        }
        return json;
    }

    private static String text(JsonNode value, String type) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("The " + type + " attribute value must be a string, got " + value);
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode value, String type) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("The " + type + " attribute value must be a list, got " + value);
        }
        var list = new ArrayList<String>();
        value.forEach(element -> list.add(text(element, type)));
        return list;
    }
}
