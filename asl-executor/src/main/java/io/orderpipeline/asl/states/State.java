package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;
import java.util.Set;

/**
 * What every state has: a name, and a way to run on its input. The split follows LocalStack's executor: states that
 * continue to a {@code Next} (or {@code End}) are {@link FlowState}s, and those that execute work with Retry, Catch
 * and result handling are {@link ExecutingState}s; each state class shows only what is special about it.
 */
public abstract sealed class State permits FlowState, ChoiceState, SucceedState, FailState {

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

    /** True when the state may end its graph (End: true, Succeed or Fail). */
    public abstract boolean mayEnd();

    /** Task, Parallel and Map states can retry; their context object shows {@code State.RetryCount}. */
    public boolean canRetry() {
        return false;
    }

    /** The variables this state's {@code Assign} fields set (its own, its Choice rules', its Catchers'). */
    public Set<String> assignedVariables() {
        return Set.of();
    }

    /** Graphs nested in this state that run inside its execution (Parallel branches, an inline Map's processor). */
    public List<StateGraph> innerGraphs() {
        return List.of();
    }
}
