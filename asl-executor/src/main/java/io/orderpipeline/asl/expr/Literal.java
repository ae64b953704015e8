package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;

/** A value written in the definition. */
public record Literal(JsonNode value) implements ValueSource {

    @Override
    public JsonNode evaluate(Scope scope) {
        return value;
    }

    @Override
    public String describe() {
        return value.toString();
    }
}
