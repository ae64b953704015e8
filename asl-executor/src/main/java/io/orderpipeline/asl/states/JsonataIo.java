package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.spi.StatesError;

/**
 * JSONata input and output processing (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
 * {@code Arguments} (Task, Parallel) is what the state works on, evaluated with {@code $states.input}; {@code Output}
 * is the state's output, evaluated with {@code $states.input} and, for Task, Parallel and Map, {@code $states.result}.
 * Without Output a Task, Parallel or Map state outputs its result and any other state its input.
 *
 * @param arguments      null: the raw input
 * @param output         null: the default output
 * @param resultIsOutput true for states with a result (Task, Parallel, Map)
 */
record JsonataIo(JsonataTemplate arguments, JsonataTemplate output, boolean resultIsOutput) implements InputOutput {

    @Override
    public JsonNode effectiveInput(JsonNode raw, StateContext context) throws StatesError {
        if (arguments == null) {
            return raw;
        }
        JsonNode effective = arguments.evaluate(context.scope(raw));
        PayloadLimit.checkStateInput(effective, context.stateName(), "Arguments");
        return effective;
    }

    @Override
    public JsonNode applyInputPath(JsonNode raw, StateContext context) {
        return raw;
    }

    @Override
    public JsonNode finish(JsonNode raw, JsonNode result, Assign assign, StateContext context) throws StatesError {
        Scope scope = resultIsOutput ? context.scope(raw).withResult(result) : context.scope(raw);
        var assigned = assign.evaluate(scope);
        JsonNode out = output != null ? output.evaluate(scope) : resultIsOutput ? result : raw;
        PayloadLimit.checkResult(out, context.stateName());
        context.variables().assign(assigned);
        return out;
    }
}
