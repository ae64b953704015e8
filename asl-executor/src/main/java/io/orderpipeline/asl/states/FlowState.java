package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;
import java.util.Set;

/**
 * A state that continues to its {@code Next} state or ends the graph ({@code End: true}), with input and output
 * processing and an optional {@code Assign}.
 */
public abstract sealed class FlowState extends State permits PassState, WaitState, ExecutingState {

    protected final InputOutput io;
    protected final Assign assign;
    protected final Transition transition;

    protected FlowState(String name, InputOutput io, Assign assign, Transition transition) {
        super(name);
        this.io = io;
        this.assign = assign;
        this.transition = transition;
    }

    /**
     * The state's output from its raw input and its result (ResultSelector, ResultPath, OutputPath), after which its
     * {@code Assign} takes effect; where the state goes next.
     */
    protected final StepResult finish(JsonNode input, JsonNode result, StateContext context) throws StatesError {
        return new StepResult(io.finish(input, result, assign, context), transition.next());
    }

    @Override
    public List<String> transitions() {
        return transition.targets();
    }

    @Override
    public boolean mayEnd() {
        return transition.end();
    }

    @Override
    public Set<String> assignedVariables() {
        return assign.names();
    }
}
