package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

/**
 * Type checks of evaluated field values, failing the way AWS does: a JSONata value of the wrong type is
 * {@code States.QueryEvaluationError} ({@code The JSONata expression '…' specified for the field 'Items' returned an
 * unexpected result type. Expected 'array', but was 'object' for value: {…}} — AWS-recorded:
 * test_base_scenarios.test_map_state_items_eval_jsonata_fail), a JSONPath one {@code States.Runtime}.
 */
public final class Values {

    private Values() {
    }

    /** The JSON type name AWS uses in messages: object, array, string, number, boolean, null. */
    public static String typeName(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> "null";
        };
    }

    /** The failure for {@code value} of {@code source} (the field {@code field}) not being an {@code expected}. */
    public static StatesError unexpectedType(ValueSource source, String field, String expected, JsonNode value) {
        if (source instanceof JsonataTemplate) {
            return new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + source.describe()
                    + "' specified for the field '" + field + "' returned an unexpected result type. Expected '"
                    + expected + "', but was '" + typeName(value) + "' for value: " + Json.write(value));
        }
        return new StatesError(ErrorNames.RUNTIME, "The value of the field '" + field + "' (" + source.describe()
                + ") must be " + expected + " but was " + Json.write(value));
    }

    /** A non-negative or positive integer value of a count-like field (Seconds, MaxConcurrency, …). */
    public static long integer(ValueSource source, Scope scope, String field, long min) throws StatesError {
        JsonNode value = source.evaluate(scope);
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()
                || value.longValue() < min) {
            throw unexpectedType(source, field, min > 0 ? "positive integer" : "non-negative integer", value);
        }
        return value.longValue();
    }
}
