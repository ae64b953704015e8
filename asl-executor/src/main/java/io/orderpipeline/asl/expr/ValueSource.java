package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

/**
 * Where a field's value comes from when the state runs: a literal, a JSONPath path, a JSONPath payload template
 * ({@code .$} fields) or a JSONata template ({@code {% %}} strings at any depth).
 */
public sealed interface ValueSource permits Literal, PathValue, JsonPathTemplate, JsonataTemplate {

    /**
     * @throws StatesError {@code States.Runtime} (JSONPath) or {@code States.QueryEvaluationError} (JSONata) when
     *                     the value cannot be computed
     */
    JsonNode evaluate(Scope scope) throws StatesError;

    /** The field as written, for messages. */
    String describe();
}
