package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

/** A JSONPath payload template (Parameters, ItemSelector, ResultSelector, Assign, …) over the scope's document. */
public record JsonPathTemplate(PayloadTemplate template) implements ValueSource {

    @Override
    public JsonNode evaluate(Scope scope) throws StatesError {
        return template.evaluate(scope.paths());
    }

    @Override
    public String describe() {
        return template.template().toString();
    }
}
