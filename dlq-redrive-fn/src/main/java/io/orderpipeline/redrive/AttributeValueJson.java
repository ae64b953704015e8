package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB attribute-value JSON (the shape order-model's {@code OrderItemMapper} builds and the state machine puts)
 * → SDK {@link AttributeValue}s. Only the SDK adapter lives here; the item's content is order-model's business.
 */
final class AttributeValueJson {

    private AttributeValueJson() {
    }

    static Map<String, AttributeValue> item(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("a DynamoDB item must be a JSON object: " + item);
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            attributes.put(e.getKey(), value(e.getValue()));
        }
        return attributes;
    }

    static AttributeValue value(JsonNode av) {
        if (av == null || !av.isObject() || av.size() != 1) {
            throw new IllegalArgumentException("not an attribute value: " + av);
        }
        Map.Entry<String, JsonNode> only = av.properties().iterator().next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> AttributeValue.fromS(text(v, "S"));
            case "N" -> AttributeValue.fromN(text(v, "N"));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(Boolean.TRUE);
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : v) {
                    list.add(value(element));
                }
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(texts(v, "SS"));
            case "NS" -> AttributeValue.fromNs(texts(v, "NS"));
            default -> throw new IllegalArgumentException("unsupported attribute value type " + only.getKey());
        };
    }

    private static String text(JsonNode v, String type) {
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(type + " attribute value must hold a string: " + v);
        }
        return v.textValue();
    }

    private static List<String> texts(JsonNode v, String type) {
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException(type + " attribute value must hold an array: " + v);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : v) {
            values.add(text(element, type));
        }
        return values;
    }
}
