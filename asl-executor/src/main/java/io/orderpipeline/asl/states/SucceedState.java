package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;

/** Succeed: ends its graph successfully with its input (after InputPath and OutputPath, or its JSONata Output). */
public final class SucceedState extends State {

    private final InputOutput io;

    private SucceedState(String name, InputOutput io) {
        super(name);
        this.io = io;
    }

    public static SucceedState from(String name, Fields fields) {
        return new SucceedState(name, InputOutput.paths(fields));
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        return new StepResult(io.finish(input, effective, Assign.NONE, context), null);
    }

    @Override
    public List<String> transitions() {
        return List.of();
    }

    @Override
    public boolean mayEnd() {
        return true;
    }
}
