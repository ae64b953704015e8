package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.StateContext;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;

/** Pass: passes its input (or its fixed {@code Result}) to its output. */
public final class PassState extends State {

    private final InputOutput io;
    private final JsonNode result;
    private final Transition transition;

    private PassState(String name, InputOutput io, JsonNode result, Transition transition) {
        super(name);
        this.io = io;
        this.result = result;
        this.transition = transition;
    }

    public static PassState from(String name, Fields fields) {
        var io = InputOutput.withoutSelector(fields);
        JsonNode result = fields.raw("Result");
        return new PassState(name, io, result, Transition.from(fields));
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        return new StepResult(io.output(input, result != null ? result : effective, context), transition.next());
    }

    @Override
    public List<String> transitions() {
        return transition.targets();
    }

    @Override
    public boolean mayEnd() {
        return transition.end();
    }
}
