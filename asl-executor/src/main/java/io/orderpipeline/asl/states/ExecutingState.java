package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A state that executes work — a Task, Parallel or Map — with {@code Retry} and {@code Catch}: each attempt runs the
 * state's work on its raw input, and a successful attempt's result goes through result handling
 * ({@link FlowState#finish}).
 */
public abstract sealed class ExecutingState extends FlowState
        permits TaskState, ParallelState, MapState, DistributedMapState {

    private final ErrorHandling errorHandling;

    protected ExecutingState(String name, InputOutput io, Assign assign, Transition transition,
                             ErrorHandling errorHandling) {
        super(name, io, assign, transition);
        this.errorHandling = errorHandling;
    }

    @Override
    public final StepResult execute(JsonNode input, StateContext context) throws StatesError {
        return errorHandling.run(input, context, attempt -> finish(input, attempt(input, attempt), attempt));
    }

    /**
     * One attempt of the state's work.
     *
     * @param input the state's raw input
     * @return the raw result, before ResultSelector
     */
    protected abstract JsonNode attempt(JsonNode input, StateContext context) throws StatesError;

    @Override
    public final boolean canRetry() {
        return true;
    }

    @Override
    public final List<String> transitions() {
        var targets = new ArrayList<>(super.transitions());
        targets.addAll(errorHandling.catchTargets());
        return targets;
    }

    @Override
    public final Set<String> assignedVariables() {
        var names = new LinkedHashSet<>(super.assignedVariables());
        names.addAll(errorHandling.assignedVariables());
        return names;
    }
}
