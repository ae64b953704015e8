package io.orderpipeline.asl.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.items.ExactDecimalNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees to the Java values the JSONata implementation works on (maps, lists, strings, numbers, booleans, its
 * null marker) and back. A decimal number from the input is handed over as the very {@link BigDecimal} of its node,
 * and when the same instance comes back (the expression passed it through) the original node — with its exact text —
 * is used again; numbers JSONata computed come back as JSONata computed them (doubles, integral ones as integers).
 * One instance per evaluation.
 */
final class JavaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double MAX_EXACT_INTEGER = 9_007_199_254_740_992d; // 2^53

    /** The conversions of the evaluation running on this thread (a Step Functions function converts through it). */
    private static final ThreadLocal<JavaValues> CURRENT = new ThreadLocal<>();

    private final Map<Object, JsonNode> exact = new IdentityHashMap<>();

    /** The instance of the evaluation running on this thread, or a new one. */
    static JavaValues current() {
        JavaValues values = CURRENT.get();
        return values != null ? values : new JavaValues();
    }

    /** A scope in which an instance is {@link #current()}. */
    interface Activation extends AutoCloseable {
        @Override
        void close();
    }

    /** Makes this instance {@link #current()} until the returned handle is closed. */
    Activation activate() {
        JavaValues previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Jsonata.NULL_VALUE;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                node.properties().forEach(field -> map.put(field.getKey(), toJava(field.getValue())));
                yield map;
            }
            case ARRAY -> {
                var list = new ArrayList<Object>(node.size());
                node.forEach(element -> list.add(toJava(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> number(node);
            default -> node.asText();
        };
    }

    private Object number(JsonNode node) {
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            BigInteger value = node.bigIntegerValue();
            exact.put(value, node);
            return value;
        }
        BigDecimal value = node.decimalValue();
        exact.put(value, node);
        return value;
    }

    JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        JsonNode original = exact.get(value);
        if (original != null) {
            return original;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, element) -> object.set(String.valueOf(key), toJson(element)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(toJson(element)));
            return array;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return integer(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof BigDecimal decimal) {
            return ExactDecimalNode.of(decimal.toString());
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new JsonataEvaluationException("the result " + d + " is not a JSON number");
            }
            if (d == Math.rint(d) && Math.abs(d) < MAX_EXACT_INTEGER) {
                return integer((long) d);
            }
            return NODES.numberNode(d);
        }
        throw new JsonataEvaluationException("the result is a " + value.getClass().getSimpleName()
                + " (a function?), which is not a JSON value");
    }

    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
}
