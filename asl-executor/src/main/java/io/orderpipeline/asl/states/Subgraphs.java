package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.engine.Cancellation;
import io.orderpipeline.asl.engine.Execution;
import io.orderpipeline.asl.engine.ExecutionIdentity;
import io.orderpipeline.asl.engine.FinishedExecution;
import io.orderpipeline.asl.engine.Variables;
import io.orderpipeline.asl.spi.StatesError;

/**
 * How a state runs the graphs nested in it; the engine implements it, so the states never call back into the engine
 * classes that run them.
 */
public interface Subgraphs {

    /**
     * Runs a Parallel branch or an inline Map iteration inside {@code execution}.
     *
     * @param scope     cancelling it stops the graph before its next state
     * @param variables the branch's or iteration's own variable scope
     * @return the graph's output
     * @throws StatesError the graph's unhandled error
     */
    JsonNode run(StateGraph graph, JsonNode input, Execution execution, Cancellation scope, Variables variables)
            throws StatesError;

    /** Runs a Distributed Map child as an execution of its own, to its end. */
    FinishedExecution runChild(StateGraph graph, JsonNode input, ExecutionIdentity identity);
}
