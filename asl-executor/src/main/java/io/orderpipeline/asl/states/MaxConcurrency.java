package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

/** MaxConcurrency or MaxConcurrencyPath of a Map; 0 (the default) means "as many as possible", here a fixed cap. */
public record MaxConcurrency(Long value, String path) {

    public static MaxConcurrency from(Fields fields) {
        Long value = fields.integer("MaxConcurrency", 0, 10_000);
        String path = fields.path("MaxConcurrencyPath");
        if (value != null && path != null) {
            throw fields.error("has both 'MaxConcurrency' and 'MaxConcurrencyPath'");
        }
        return new MaxConcurrency(value, path);
    }

    public int resolve(PathResolver paths, int capWhenUnbounded, String stateName) throws StatesError {
        long limit = value == null ? 0 : value;
        if (path != null) {
            JsonNode resolved = paths.resolve(path);
            if (!resolved.canConvertToExactIntegral() || resolved.asLong() < 0) {
                throw new StatesError(ErrorNames.RUNTIME, "MaxConcurrencyPath of state '" + stateName
                        + "' does not reference a non-negative integer: " + resolved);
            }
            limit = resolved.asLong();
        }
        return limit == 0 ? capWhenUnbounded : (int) Math.min(limit, capWhenUnbounded);
    }
}
