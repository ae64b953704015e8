package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.math.BigDecimal;
import java.util.regex.Pattern;

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

    /**
     * A non-negative or positive integer value of a count-like field (MaxConcurrency, ToleratedFailureCount,
     * MaxItemsPerBatch, …). A {@code …Path} field may also reference a string holding a decimal integer: AWS ran
     * {@code MaxConcurrencyPath}, {@code ToleratedFailureCountPath}, {@code MaxItemsPerBatchPath} and
     * {@code MaxInputBytesPerBatchPath} on variables holding "1", "2" and "15000" (AWS-recorded: LocalStack
     * test_assign_reference_variables MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH, …_TOLERATED_FAILURE_PATH,
     * …_MAX_PER_BATCH_PATH), and fails on one that is no integer: {@code The MaxConcurrencyPath field refers to value
     * "NoNumber" which is not a valid integer: $.MaxConcurrencyValue} (test_base_scenarios.test_max_concurrency_path).
     */
    public static long integer(ValueSource source, Scope scope, String field, long min) throws StatesError {
        JsonNode value = pathNumber(source, source.evaluate(scope));
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            if (source instanceof PathValue path) {
                String text = value.isTextual() ? value.textValue() : Json.write(value);
                throw new StatesError(ErrorNames.RUNTIME, "The " + field + "Path field refers to value \"" + text
                        + "\" which is not a valid integer: " + path.path());
            }
            throw unexpectedType(source, field, min > 0 ? "positive integer" : "non-negative integer", value);
        }
        if (value.longValue() < min) {
            throw unexpectedType(source, field, min > 0 ? "positive integer" : "non-negative integer", value);
        }
        return value.longValue();
    }

    /**
     * A number-valued field's value as a number: a {@code …Path} field's string holding a JSON number counts as that
     * number (see {@link #integer}); anything else is returned unchanged for the caller's type check.
     */
    public static JsonNode pathNumber(ValueSource source, JsonNode value) {
        if (source instanceof PathValue && value.isTextual() && NUMBER_TEXT.matcher(value.textValue()).matches()) {
            return Json.MAPPER.getNodeFactory().numberNode(new BigDecimal(value.textValue()));
        }
        return value;
    }

    private static final Pattern NUMBER_TEXT =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
}
