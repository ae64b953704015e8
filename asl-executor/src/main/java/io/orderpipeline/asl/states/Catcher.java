package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.ReferencePath;
import io.orderpipeline.asl.spi.ErrorNames;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of {@code Catch}: on a matching error, go to {@code next} with {@code {"Error","Cause"}} at ResultPath,
 * after its {@code Assign} (whose {@code $} is that error output) set variables of the state's own scope — for a
 * Parallel or Map state, the scope outside its branches or iterations.
 */
public record Catcher(List<String> errorEquals, String next, ReferencePath resultPath, Assign assign) {

    public static Catcher from(JsonNode json, String where) {
        var fields = new Fields(where, json);
        List<String> errorEquals = errorEquals(fields);
        fields.raw("Comment");
        String next = fields.requiredString("Next");
        ReferencePath resultPath = fields.referencePathOrDefault("ResultPath");
        Assign assign = Assign.from(fields);
        fields.unsupported("JSONata is not supported", "Output");
        fields.done();
        return new Catcher(errorEquals, next, resultPath, assign);
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
