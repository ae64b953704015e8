package io.orderpipeline.lambda.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * DynamoDB attribute-value JSON ({@code {"S": "x"}}, {@code {"M": {…}}}, …) — DynamoDB's wire form, the form
 * order-model's items have and Step Functions passes — to and from the SDK's {@link AttributeValue}, every type
 * included, without loss: numbers stay their text, binary values are base64 in JSON as on the wire. Only the SDK
 * adapter lives here; what an item holds is order-model's business ({@code model.wire}).
 */
public final class SdkAttributeValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SdkAttributeValues() {
    }

    /**
     * An item (or a map of expression attribute values) as SDK values, in the JSON's order.
     *
     * @throws IllegalArgumentException naming what is not an attribute value
     */
    public static Map<String, AttributeValue> toSdk(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("a map of attribute values must be a JSON object: " + item);
        }
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            values.put(e.getKey(), toSdkValue(e.getValue()));
        }
        return values;
    }

    /** @throws IllegalArgumentException naming what is not an attribute value */
    public static AttributeValue toSdkValue(JsonNode json) {
        if (json == null || !json.isObject() || json.size() != 1) {
            throw new IllegalArgumentException("not an attribute value (exactly one type key): " + json);
        }
        Map.Entry<String, JsonNode> only = json.properties().iterator().next();
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> AttributeValue.fromS(text(value, "S"));
            case "N" -> AttributeValue.fromN(text(value, "N"));
            case "BOOL" -> AttributeValue.fromBool(value.asBoolean());
            case "NULL" -> AttributeValue.fromNul(Boolean.TRUE);
            case "B" -> AttributeValue.fromB(bytes(text(value, "B")));
            case "M" -> AttributeValue.fromM(toSdk(value));
            case "L" -> {
                if (!value.isArray()) {
                    throw new IllegalArgumentException("an L attribute value must hold an array: " + value);
                }
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : value) {
                    list.add(toSdkValue(element));
                }
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(texts(value, "SS"));
            case "NS" -> AttributeValue.fromNs(texts(value, "NS"));
            case "BS" -> AttributeValue.fromBs(texts(value, "BS").stream().map(SdkAttributeValues::bytes).toList());
            default -> throw new IllegalArgumentException("unknown attribute value type " + only.getKey());
        };
    }

    /** SDK values as attribute-value JSON, in the map's order. */
    public static ObjectNode toJson(Map<String, AttributeValue> values) {
        ObjectNode json = NODES.objectNode();
        values.forEach((name, value) -> json.set(name, toJsonValue(value)));
        return json;
    }

    public static ObjectNode toJsonValue(AttributeValue value) {
        ObjectNode json = NODES.objectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case B -> json.put("B", base64(value.b()));
            case M -> json.set("M", toJson(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(element -> list.add(toJsonValue(element)));
            }
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode list = json.putArray("BS");
                value.bs().forEach(b -> list.add(base64(b)));
            }
            default -> throw new IllegalArgumentException("an attribute value of a type this SDK does not know: " + value);
        }
        return json;
    }

    private static String text(JsonNode value, String type) {
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the " + type + " attribute value must hold a string: " + value);
        }
        return value.textValue();
    }

    private static List<String> texts(JsonNode value, String type) {
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("the " + type + " attribute value must hold an array: " + value);
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            texts.add(text(element, type));
        }
        return texts;
    }

    private static SdkBytes bytes(String base64) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64));
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
