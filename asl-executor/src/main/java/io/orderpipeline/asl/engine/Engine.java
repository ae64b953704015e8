package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.ExecutionResult;
import io.orderpipeline.asl.ExecutionStatus;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.states.StateGraph;

/** Runs executions (top-level ones and Distributed Map children) of parsed state graphs. */
public final class Engine {

    private final EngineSettings settings;
    private final GraphRunner graphs = new GraphRunner(this);

    public Engine(EngineSettings settings) {
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
