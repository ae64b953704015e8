package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.path.ReferencePath;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of {@code Catch}: on a matching error, go to {@code next}. Its output is, in JSONPath, the error output
 * {@code {"Error","Cause"}} at ResultPath in the state's raw input (OutputPath does not apply); in JSONata its
 * {@code Output} (with {@code $states.errorOutput}), by default the error output. Its {@code Assign} (whose
 * {@code $} / {@code $states.errorOutput} is the error output) sets variables of the state's own scope — for a
 * Parallel or Map state, the scope outside its branches or iterations.
 *
 * @param resultPath JSONPath only (null: discard the error, keep the input)
 * @param output     JSONata only (null: the error output)
 */
public record Catcher(List<String> errorEquals, String next, boolean jsonata, ReferencePath resultPath,
                      JsonataTemplate output, Assign assign) {

    public static Catcher from(Fields fields) {
        List<String> errorEquals = errorEquals(fields);
        fields.raw("Comment");
        String next = fields.requiredString("Next");
        Assign assign = Assign.from(fields);
        Catcher catcher;
        if (fields.jsonata()) {
            fields.rejectInJsonata("ResultPath");
            catcher = new Catcher(errorEquals, next, true, null, fields.jsonataTemplate("Output"), assign);
        } else {
            fields.rejectInJsonPath("Output");
            catcher = new Catcher(errorEquals, next, false, fields.referencePathOrDefault("ResultPath"), null, assign);
        }
        fields.done();
        return catcher;
    }

    /** The catcher's output for the state's raw input and the error output; its Assign takes effect after it. */
    JsonNode handle(JsonNode rawInput, JsonNode errorOutput, StateContext context) throws StatesError {
        Scope scope = context.scope(rawInput).withErrorOutput(errorOutput);
        var assigned = assign.evaluate(scope);
        JsonNode out;
        if (jsonata) {
            out = output == null ? errorOutput : output.evaluate(scope);
        } else {
            out = resultPath == null ? rawInput : resultPath.set(rawInput, errorOutput);
        }
        PayloadLimit.checkResult(out, context.stateName());
        context.variables().assign(assigned);
        return out;
    }

    static List<String> errorEquals(Fields fields) {
        var array = fields.array("ErrorEquals");
        if (array == null || array.isEmpty()) {
            throw fields.error("'ErrorEquals' must be a non-empty array of error names");
        }
        var names = new ArrayList<String>();
        for (JsonNode name : array) {
            if (!name.isTextual()) {
                throw fields.error("'ErrorEquals' must hold strings");
            }
            names.add(name.asText());
        }
        if (names.contains(ErrorNames.ALL) && names.size() > 1) {
            throw fields.error("'States.ALL' must appear alone in 'ErrorEquals'");
        }
        return List.copyOf(names);
    }

    /** Checks the rule that a States.ALL retrier or catcher must be the last one. */
    static void checkAllIsLast(List<List<String>> errorEqualsInOrder, Fields state, String field) {
        for (int i = 0; i < errorEqualsInOrder.size() - 1; i++) {
            if (errorEqualsInOrder.get(i).contains(ErrorNames.ALL)) {
                throw state.error("in '" + field + "', the element with 'States.ALL' must be the last one");
            }
        }
    }
}
