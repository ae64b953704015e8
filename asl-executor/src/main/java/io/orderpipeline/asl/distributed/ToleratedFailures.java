package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.spi.StatesError;

/**
 * ToleratedFailureCount and ToleratedFailurePercentage of a Distributed Map (numbers, …Path fields in JSONPath, or
 * JSONata expressions); both default to 0, so any failed item fails the map run. Counted in items: a failed child
 * with a batch of n items fails n items.
 *
 * @param count      null when neither ToleratedFailureCount nor ToleratedFailureCountPath is given
 * @param percentage null when neither ToleratedFailurePercentage nor ToleratedFailurePercentagePath is given
 */
public record ToleratedFailures(ValueSource count, ValueSource percentage) {

    /** The resolved thresholds of one map run. */
    public record Threshold(long count, double percentage) {

        /** True when {@code failedItems} of {@code totalItems} is more than tolerated. */
        public boolean exceeded(long failedItems, long totalItems) {
            if (failedItems > count) {
                return true;
            }
            return totalItems > 0 && failedItems * 100.0 / totalItems > percentage;
        }
    }

    public static ToleratedFailures from(Fields fields) {
        return new ToleratedFailures(fields.count("ToleratedFailureCount", "ToleratedFailureCountPath", 0, 100_000_000),
                fields.decimal("ToleratedFailurePercentage", "ToleratedFailurePercentagePath", 0, 100));
    }

    /** @param scope the Map's scope, its JSONPath document the Map's effective input */
    public Threshold resolve(Scope scope) throws StatesError {
        if (count == null && percentage == null) {
            return new Threshold(0, 0);
        }
        long resolvedCount = count == null ? Long.MAX_VALUE // only a percentage given: the count does not limit
                : Values.integer(count, scope, "ToleratedFailureCount", 0);
        double resolvedPercentage = percentage == null ? 100 // only a count given: the percentage does not limit
                : percent(percentage, scope);
        return new Threshold(resolvedCount, resolvedPercentage);
    }

    private static double percent(ValueSource source, Scope scope) {
        JsonNode value = Values.pathNumber(source, source.evaluate(scope));
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 100) {
            throw Values.unexpectedType(source, "ToleratedFailurePercentage", "number between 0 and 100", value);
        }
        return value.doubleValue();
    }
}
