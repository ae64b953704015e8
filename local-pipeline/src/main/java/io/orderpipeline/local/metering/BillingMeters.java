package io.orderpipeline.local.metering;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.local.template.LocalNames;

import java.util.function.Function;

/**
 * The meters of what AWS bills per use beyond requests and durations, fed by the executions of one pipeline: the state
 * machine's CloudWatch Logs ({@link StateMachineLogMeter}) and X-Ray traces ({@link TraceSampler}). Listens to every
 * execution and wraps the task integrations.
 */
public final class BillingMeters implements ExecutionListener {
    private final Observability observability;
    private final StateMachineLogMeter logs;
    private final TraceSampler traces = new TraceSampler();

    public BillingMeters(JsonNode definition, Observability observability) {
        this.observability = observability;
        this.logs = new StateMachineLogMeter(definition, observability.stateMachineLogLevel(),
                observability.includeExecutionData(), observability.roleArn(), LocalNames.REGION);
    }

    public Observability observability() {
        return observability;
    }

    public StateMachineLogMeter logs() {
        return logs;
    }

    public TraceSampler traces() {
        return traces;
    }

    /**
     * Every Task attempt is logged; when the state machine does not trace but a function does, each Lambda call is a
     * request the function's own sampling decides on.
     */
    public Function<String, TaskIntegration> wrap(Function<String, TaskIntegration> integrations) {
        var logged = logs.wrap(integrations);
        if (observability.stateMachineTraced() || !observability.anyFunctionTraced()) {
            return logged;
        }
        return resource -> {
            var integration = logged.apply(resource);
            if (integration == null || !invokesLambda(resource)) {
                return integration;
            }
            return (called, parameters, context) -> {
                traces.request();
                return integration.invoke(called, parameters, context);
            };
        };
    }

    /** The optimized Lambda integration or a function ARN as the Task's resource. */
    static boolean invokesLambda(String resource) {
        return "arn:aws:states:::lambda:invoke".equals(resource) || resource.startsWith("arn:aws:lambda:");
    }

    @Override
    public void executionStarted(String executionArn, ExecutionType type, boolean child) {
        if (observability.stateMachineTraced()) {
            traces.request();
        }
        logs.executionStarted(executionArn, type, child);
    }

    @Override
    public void executionFinished(String executionArn, ExecutionStatus status, boolean child) {
        logs.executionFinished(executionArn, status, child);
    }

    @Override
    public void stateEntered(String executionArn, String stateName) {
        logs.stateEntered(executionArn, stateName);
    }

    @Override
    public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
        logs.mapRunStarted(mapRunArn, stateName, totalItems, totalChildExecutions);
    }

    @Override
    public void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
        logs.mapRunFinished(mapRunArn, succeededItems, failedItems, failed);
    }

    /** Both listeners, in order (a listener's failure never reaches the other). */
    public static ExecutionListener both(ExecutionListener first, ExecutionListener second) {
        return new ExecutionListener() {
            @Override
            public void executionStarted(String executionArn, ExecutionType type, boolean child) {
                safely(() -> first.executionStarted(executionArn, type, child));
                safely(() -> second.executionStarted(executionArn, type, child));
            }

            @Override
            public void executionFinished(String executionArn, ExecutionStatus status, boolean child) {
                safely(() -> first.executionFinished(executionArn, status, child));
                safely(() -> second.executionFinished(executionArn, status, child));
            }

            @Override
            public void stateEntered(String executionArn, String stateName) {
                safely(() -> first.stateEntered(executionArn, stateName));
                safely(() -> second.stateEntered(executionArn, stateName));
            }

            @Override
            public void retryScheduled(String executionArn, String stateName, String error, int retryCount,
                                       java.time.Duration delay) {
                safely(() -> first.retryScheduled(executionArn, stateName, error, retryCount, delay));
                safely(() -> second.retryScheduled(executionArn, stateName, error, retryCount, delay));
            }

            @Override
            public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
                safely(() -> first.mapRunStarted(mapRunArn, stateName, totalItems, totalChildExecutions));
                safely(() -> second.mapRunStarted(mapRunArn, stateName, totalItems, totalChildExecutions));
            }

            @Override
            public void childExecutionStarted(String mapRunArn, String childExecutionArn, int itemCount) {
                safely(() -> first.childExecutionStarted(mapRunArn, childExecutionArn, itemCount));
                safely(() -> second.childExecutionStarted(mapRunArn, childExecutionArn, itemCount));
            }

            @Override
            public void childExecutionFinished(String mapRunArn, String childExecutionArn, ExecutionStatus status,
                                               int itemCount, long itemsProcessed, long totalItems) {
                safely(() -> first.childExecutionFinished(mapRunArn, childExecutionArn, status, itemCount,
                        itemsProcessed, totalItems));
                safely(() -> second.childExecutionFinished(mapRunArn, childExecutionArn, status, itemCount,
                        itemsProcessed, totalItems));
            }

            @Override
            public void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
                safely(() -> first.mapRunFinished(mapRunArn, succeededItems, failedItems, failed));
                safely(() -> second.mapRunFinished(mapRunArn, succeededItems, failedItems, failed));
            }
        };
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // an observer's failure is not the execution's failure
        }
    }
}
