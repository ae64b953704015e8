package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

/** The value of a JSONPath field such as {@code SecondsPath}: {@code $…}, {@code $$…} or {@code $variable…}. */
public record PathValue(String path) implements ValueSource {

    @Override
    public JsonNode evaluate(Scope scope) throws StatesError {
        return scope.paths().resolve(path);
    }

    @Override
    public String describe() {
        return path;
    }
}
