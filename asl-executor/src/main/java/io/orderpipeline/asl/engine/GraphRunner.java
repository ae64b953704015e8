package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.states.ErrorNames;
import io.orderpipeline.asl.states.State;
import io.orderpipeline.asl.states.StateGraph;
import io.orderpipeline.asl.states.StepResult;

import java.time.Instant;

/** Walks a graph from StartAt until a state ends it; each state entered is one transition and two history events. */
final class GraphRunner {

    private GraphRunner() {
    }

    static JsonNode run(StateGraph graph, JsonNode input, Execution execution, Cancellation cancellation)
            throws StatesError {
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
            Instant entered = execution.engine().settings().clock().instant();
            StepResult result = state.execute(data, new StateContext(execution, state.name(), entered, 0, cancellation));
            execution.recordHistory(1); // <Type>StateExited
            if (result.next() == null) {
                return result.output();
            }
            data = result.output();
            current = result.next();
        }
    }
}
