package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

import java.util.function.Supplier;

/**
 * The {@link PathResolver} of one state: {@code $…} addresses {@code input}, {@code $$…} the context object, which is
 * only built when a path asks for it.
 */
public record StatePaths(JsonNode input, Supplier<JsonNode> context) implements PathResolver {

    @Override
    public JsonNode resolve(String path) throws StatesError {
        if (path.startsWith("$$")) {
            return JsonPaths.read(context.get(), path.substring(1));
        }
        if (path.startsWith("$")) {
            return JsonPaths.read(input, path);
        }
        throw new StatesError("States.Runtime", "'" + path + "' is not a JSONPath");
    }

    /** The same context object over another input (e.g. ResultSelector runs over the task result). */
    public StatePaths over(JsonNode otherInput) {
        return new StatePaths(otherInput, context);
    }
}
