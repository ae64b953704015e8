package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.engine.StateContext;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;

/** One state of a state machine, parsed and validated; runs with {@link #execute}. */
public abstract sealed class State
        permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState,
        DistributedMapState {

    private final String name;

    protected State(String name) {
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /**
     * Runs the state on its raw input.
     *
     * @return the state output and the next state (null when the state ends its graph)
     * @throws StatesError the unhandled error (after Retry and Catch)
     */
    public abstract StepResult execute(JsonNode input, StateContext context) throws StatesError;

    /** Every state this one may transition to (for validation). */
    public abstract List<String> transitions();

    /** True when the state may end its graph (End: true, Succeed, Fail). */
    public abstract boolean mayEnd();
}
