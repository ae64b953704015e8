package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The evaluated arguments of one call, with typed accessors that fail the way an intrinsic failure should. */
record Arguments(String function, List<JsonNode> values) {

    int size() {
        return values.size();
    }

    Arguments expectCount(int count) {
        return expectCount(count, count);
    }

    Arguments expectCount(int min, int max) {
        if (values.size() < min || values.size() > max) {
            var expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw failure("expects " + expected + " argument" + (max == 1 ? "" : "s") + " but received "
                    + values.size() + ".");
        }
        return this;
    }

    JsonNode any(int index) {
        return values.get(index);
    }

    ArrayNode array(int index) {
        if (values.get(index) instanceof ArrayNode array) {
            return array;
        }
        throw wrongType(index, "an array");
    }

    ObjectNode object(int index) {
        if (values.get(index) instanceof ObjectNode object) {
            return object;
        }
        throw wrongType(index, "a JSON object");
    }

    String string(int index) {
        var value = values.get(index);
        if (value.isTextual()) {
            return value.textValue();
        }
        throw wrongType(index, "a string");
    }

    boolean bool(int index) {
        var value = values.get(index);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        throw wrongType(index, "a boolean");
    }

    /** A number with no fractional part (2 and 2.0 both qualify). */
    long integer(int index) {
        var value = values.get(index);
        if (value.isNumber()) {
            try {
                return value.decimalValue().longValueExact();
            } catch (ArithmeticException notIntegral) {
                // falls through to the type failure below
            }
        }
        throw wrongType(index, "an integer");
    }

    /** Any number, rounded to the nearest integer (Step Functions rounds non-integer math arguments). */
    long roundedInteger(int index) {
        var value = values.get(index);
        if (!value.isNumber()) {
            throw wrongType(index, "a number");
        }
        // Math.round semantics, as AWS records show: halves go towards positive infinity (-0.5 -> 0, -3.5 -> -3).
        BigDecimal rounded = value.decimalValue().add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR);
        try {
            return rounded.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw failure("argument " + (index + 1) + " is out of range.");
        }
    }

    IntrinsicException failure(String problem) {
        return new IntrinsicException(function + " " + problem);
    }

    private IntrinsicException wrongType(int index, String expected) {
        return failure("expects argument " + (index + 1) + " to be " + expected + " but received "
                + describe(values.get(index)) + ".");
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "a JSON object";
            case STRING -> "a string";
            case NUMBER -> "a number (" + value + ")";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }
}
