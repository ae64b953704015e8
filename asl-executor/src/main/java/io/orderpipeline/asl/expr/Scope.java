package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.path.StatePaths;
import io.orderpipeline.asl.path.VariableLookup;

import java.util.function.Supplier;

/**
 * What the expressions of one state may read at one moment. JSONPath reads {@code document} as {@code $} (the state's
 * input, effective input, result or error output, depending on the field), {@code $$} the context object and
 * {@code $name} a variable; JSONata reads {@code $states} — {@code input} (the state's raw input), {@code context},
 * and where they exist {@code result} and {@code errorOutput} — and {@code $name}.
 */
public record Scope(JsonNode document, JsonNode input, JsonNode result, JsonNode errorOutput,
                    Supplier<JsonNode> context, VariableLookup variables) {

    /** The scope of a state entered with {@code input}. */
    public static Scope of(JsonNode input, Supplier<JsonNode> context, VariableLookup variables) {
        return new Scope(input, input, null, null, context, variables);
    }

    public Scope withDocument(JsonNode newDocument) {
        return new Scope(newDocument, input, result, errorOutput, context, variables);
    }

    /** A successful attempt's result: the JSONPath document and {@code $states.result}. */
    public Scope withResult(JsonNode newResult) {
        return new Scope(newResult, input, newResult, errorOutput, context, variables);
    }

    /** In a Catcher: the error output is the JSONPath document and {@code $states.errorOutput}. */
    public Scope withErrorOutput(JsonNode newErrorOutput) {
        return new Scope(newErrorOutput, input, null, newErrorOutput, context, variables);
    }

    /** Another context object (a Map's ItemSelector sees {@code Map.Item}). */
    public Scope withContext(Supplier<JsonNode> newContext) {
        return new Scope(document, input, result, errorOutput, newContext, variables);
    }

    /** JSONPath over {@code document}. */
    public PathResolver paths() {
        return new StatePaths(document, context, variables);
    }

    /** The value of JSONata's {@code $states}. */
    public JsonNode states() {
        ObjectNode states = JsonNodeFactory.instance.objectNode();
        states.set("input", input);
        states.set("context", context.get());
        if (result != null) {
            states.set("result", result);
        }
        if (errorOutput != null) {
            states.set("errorOutput", errorOutput);
        }
        return states;
    }
}
