package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

/**
 * ToleratedFailureCount(Path) and ToleratedFailurePercentage(Path) of a Distributed Map; both default to 0, so any
 * failed item fails the map run. Counted in items: a failed child with a batch of n items fails n items.
 */
public record ToleratedFailures(Long count, String countPath, Double percentage, String percentagePath) {

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
        Long count = fields.integer("ToleratedFailureCount", 0, 100_000_000);
        String countPath = fields.path("ToleratedFailureCountPath");
        Double percentage = fields.number("ToleratedFailurePercentage", 0, 100);
        String percentagePath = fields.path("ToleratedFailurePercentagePath");
        if (count != null && countPath != null) {
            throw fields.error("has both 'ToleratedFailureCount' and 'ToleratedFailureCountPath'");
        }
        if (percentage != null && percentagePath != null) {
            throw fields.error("has both 'ToleratedFailurePercentage' and 'ToleratedFailurePercentagePath'");
        }
        return new ToleratedFailures(count, countPath, percentage, percentagePath);
    }

    public Threshold resolve(PathResolver paths, String stateName) throws StatesError {
        boolean anySet = count != null || countPath != null || percentage != null || percentagePath != null;
        long resolvedCount = count != null ? count : countPath != null ? integer(paths.resolve(countPath), stateName) : 0;
        double resolvedPercentage = percentage != null ? percentage
                : percentagePath != null ? percent(paths.resolve(percentagePath), stateName) : 0;
        if (anySet && count == null && countPath == null) {
            resolvedCount = Long.MAX_VALUE; // only a percentage given: the count does not limit
        }
        if (anySet && percentage == null && percentagePath == null) {
            resolvedPercentage = 100; // only a count given: the percentage does not limit
        }
        return new Threshold(resolvedCount, resolvedPercentage);
    }

    private static long integer(JsonNode value, String stateName) {
        if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw new StatesError(ErrorNames.RUNTIME, "ToleratedFailureCountPath of state '" + stateName
                    + "' does not reference a non-negative integer: " + value);
        }
        return value.asLong();
    }

    private static double percent(JsonNode value, String stateName) {
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 100) {
            throw new StatesError(ErrorNames.RUNTIME, "ToleratedFailurePercentagePath of state '" + stateName
                    + "' does not reference a number between 0 and 100: " + value);
        }
        return value.asDouble();
    }
}
