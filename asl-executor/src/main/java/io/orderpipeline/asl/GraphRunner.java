package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.engine.Cancellation;
import io.orderpipeline.asl.engine.Execution;
import io.orderpipeline.asl.engine.ExecutionIdentity;
import io.orderpipeline.asl.engine.FinishedExecution;
import io.orderpipeline.asl.engine.Listeners;
import io.orderpipeline.asl.engine.Variables;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.states.State;
import io.orderpipeline.asl.states.StateContext;
import io.orderpipeline.asl.states.StateGraph;
import io.orderpipeline.asl.states.StepResult;
import io.orderpipeline.asl.states.Subgraphs;

import java.time.Instant;

/**
 * Walks a graph from StartAt until a state ends it; each state entered is one transition and two history events.
 * It is the {@link Subgraphs} the states run their nested graphs with.
 */
final class GraphRunner implements Subgraphs {

    private final Engine engine;

    GraphRunner(Engine engine) {
        this.engine = engine;
    }

    @Override
    public JsonNode run(StateGraph graph, JsonNode input, Execution execution, Cancellation cancellation,
                        Variables variables) throws StatesError {
        String current = graph.startAt();
        JsonNode data = input;
        while (true) {
            if (cancellation.isCancelled()) {
                throw new StatesError(ErrorNames.CANCELLED, "stopped because a sibling branch or iteration failed");
            }
            State state = graph.state(current);
            execution.countTransition();
            execution.recordHistory(1); // <Type>StateEntered
            Listeners.safely(() -> execution.listener().stateEntered(execution.identity().executionArn(), state.name()));
            Instant entered = execution.settings().clock().instant();
            var context = new StateContext(execution, state.name(), entered, state.canRetry() ? 0 : null,
                    cancellation, variables, this);
            StepResult result = state.execute(data, context);
            execution.recordHistory(1); // <Type>StateExited
            if (result.next() == null) {
                return result.output();
            }
            data = result.output();
            current = result.next();
        }
    }

    @Override
    public FinishedExecution runChild(StateGraph graph, JsonNode input, ExecutionIdentity identity) {
        return engine.execute(graph, input, identity, true);
    }
}
