package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.engine.Cancellation;
import io.orderpipeline.asl.engine.EngineSettings;
import io.orderpipeline.asl.engine.Execution;
import io.orderpipeline.asl.engine.ExecutionIdentity;
import io.orderpipeline.asl.engine.FinishedExecution;
import io.orderpipeline.asl.engine.Listeners;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.engine.Variables;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.states.StateGraph;

/**
 * Runs executions (top-level ones and Distributed Map children) of parsed state graphs. It sits beside the parser,
 * above the states it runs; the parts of a running execution that the states use (Execution, Variables,
 * Cancellation, Workers, ...) are in the {@code engine} package below them.
 */
final class Engine {

    private final EngineSettings settings;
    private final GraphRunner graphs = new GraphRunner(this);

    Engine(EngineSettings settings) {
        this.settings = settings;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Runs one execution to its end; every execution starts with no variables. */
    public FinishedExecution execute(StateGraph graph, JsonNode input, ExecutionIdentity identity, boolean child) {
        long started = System.nanoTime();
        Execution execution = new Execution(settings, identity, input, settings.clock().instant());
        Listeners.safely(() -> settings.listener().executionStarted(identity.executionArn(), identity.type(), child));
        ExecutionStatus status;
        JsonNode output = null;
        String error = null;
        String cause = null;
        try {
            execution.recordHistory(1); // ExecutionStarted
            PayloadLimit.checkExecutionInput(input);
            output = graphs.run(graph, input, execution, Cancellation.NEVER, Variables.forExecution());
            status = ExecutionStatus.SUCCEEDED;
        } catch (StatesError e) {
            status = ExecutionStatus.FAILED;
            error = e.error();
            cause = e.cause();
        } catch (RuntimeException e) {
            status = ExecutionStatus.FAILED;
            error = ErrorNames.RUNTIME;
            cause = "The executor failed: " + e;
        }
        execution.recordFinalEvent(); // ExecutionSucceeded / ExecutionFailed
        var result = new ExecutionResult(status, output, error, cause, execution.stats());
        ExecutionStatus finalStatus = status;
        Listeners.safely(() -> settings.listener().executionFinished(identity.executionArn(), finalStatus, child));
        return new FinishedExecution(result, (System.nanoTime() - started) / 1_000_000);
    }
}
