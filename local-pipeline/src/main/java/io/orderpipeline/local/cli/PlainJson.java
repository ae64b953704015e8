package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.Map;

/** A DynamoDB item as plain JSON, for people reading {@code table} output. */
final class PlainJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlainJson() {
    }

    static JsonNode of(Map<String, AttributeValue> item) {
        var json = NODES.objectNode();
        new java.util.TreeMap<>(item).forEach((name, value) -> json.set(name, of(value)));
        return json;
    }

    static JsonNode of(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new BigDecimal(value.n()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case M -> of(value.m());
            case L -> {
                var list = NODES.arrayNode();
                value.l().forEach(v -> list.add(of(v)));
                yield list;
            }
            case SS -> {
                var list = NODES.arrayNode();
                value.ss().forEach(list::add);
                yield list;
            }
            case NS -> {
                var list = NODES.arrayNode();
                value.ns().forEach(n -> list.add(new BigDecimal(n)));
                yield list;
            }
            default -> NODES.textNode(String.valueOf(value));
        };
    }
}
