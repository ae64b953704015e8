package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.spi.StatesError;

/**
 * Pass: in JSONPath its result is its fixed {@code Result}, or its effective input (after InputPath and Parameters);
 * in JSONata its output is its {@code Output}, by default its input.
 */
public final class PassState extends FlowState {

    private final JsonNode result;

    private PassState(String name, InputOutput io, Assign assign, JsonNode result, Transition transition) {
        super(name, io, assign, transition);
        this.result = result;
    }

    public static PassState from(String name, Fields fields) {
        var io = InputOutput.pass(fields);
        JsonNode result = fields.jsonata() ? null : fields.raw("Result");
        return new PassState(name, io, Assign.from(fields), result, Transition.from(fields));
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        return finish(input, result != null ? result : effective, context);
    }
}
