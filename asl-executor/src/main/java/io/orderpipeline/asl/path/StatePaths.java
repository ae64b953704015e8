package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.function.Supplier;

/**
 * The {@link PathResolver} of one state: {@code $…} addresses {@code input}, {@code $$…} the context object (only
 * built when a path asks for it), and {@code $name…} the workflow variable {@code name}.
 */
public record StatePaths(JsonNode input, Supplier<JsonNode> context, VariableLookup variables) implements PathResolver {

    @Override
    public JsonNode resolve(String path) throws StatesError {
        if (path.startsWith("$$")) {
            return JsonPaths.read(context.get(), path.substring(1));
        }
        VariableReference reference = VariableReference.parse(path);
        if (reference != null) {
            JsonNode value = variables.variable(reference.name()).orElseThrow(() -> new StatesError(ErrorNames.RUNTIME,
                    "The variable '$" + reference.name() + "' referenced by the JSONPath '" + path
                            + "' has no value in this scope (it is assigned by no state run before this one)"));
            return reference.pathInValue() == null ? value : JsonPaths.read(value, reference.pathInValue());
        }
        if (path.startsWith("$")) {
            return JsonPaths.read(input, path);
        }
        throw new StatesError(ErrorNames.RUNTIME, "'" + path + "' is not a JSONPath");
    }

    /** The same context object and variables over another input (e.g. ResultSelector runs over the task result). */
    public StatePaths over(JsonNode otherInput) {
        return new StatePaths(otherInput, context, variables);
    }
}
