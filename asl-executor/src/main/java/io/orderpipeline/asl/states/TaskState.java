package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.asl.spi.TaskIntegration;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Task: calls the integration its Resource resolves to. History per attempt: TaskScheduled, TaskStarted and
 * TaskSucceeded / TaskFailed / TaskTimedOut.
 */
public final class TaskState extends ExecutingState {

    private final String resource;
    private final TaskIntegration integration;
    private final ValueSource timeoutSeconds;

    private TaskState(String name, String resource, TaskIntegration integration, InputOutput io, Assign assign,
                      ErrorHandling errorHandling, ValueSource timeoutSeconds, Transition transition) {
        super(name, io, assign, transition, errorHandling);
        this.resource = resource;
        this.integration = integration;
        this.timeoutSeconds = timeoutSeconds;
    }

    public static TaskState from(String name, Fields fields, Function<String, TaskIntegration> integrations) {
        String resource = fields.requiredString("Resource");
        if (resource.endsWith(".waitForTaskToken")) {
            throw fields.error("Resource '" + resource + "': the callback pattern (.waitForTaskToken) is not supported by this executor");
        }
        fields.unsupported("per-task credentials are not supported", "Credentials");
        fields.unsupported("heartbeats only matter for callbacks and activities, which are not supported",
                "HeartbeatSeconds", "HeartbeatSecondsPath");
        var io = InputOutput.full(fields);
        var errorHandling = ErrorHandling.from(fields);
        ValueSource timeout = fields.count("TimeoutSeconds", "TimeoutSecondsPath", 1, 99_999_999);
        var transition = Transition.from(fields);
        TaskIntegration integration = integrations.apply(resource);
        if (integration == null) {
            throw fields.error("no integration is configured for Resource '" + resource + "'");
        }
        return new TaskState(name, resource, integration, io, Assign.from(fields), errorHandling, timeout, transition);
    }

    @Override
    protected JsonNode attempt(JsonNode input, StateContext context) throws StatesError {
        Duration timeout = timeout(input, context);
        JsonNode parameters = io.effectiveInput(input, context);
        context.recordHistory(2); // TaskScheduled, TaskStarted
        context.execution().countTaskCall(resource);
        JsonNode result;
        try {
            result = invoke(parameters, context, timeout);
        } catch (StatesError e) {
            context.recordHistory(1); // TaskFailed / TaskTimedOut
            throw e;
        }
        context.recordHistory(1); // TaskSucceeded
        PayloadLimit.checkResult(result, name());
        return result;
    }

    private Duration timeout(JsonNode input, StateContext context) {
        if (timeoutSeconds == null) {
            return null;
        }
        var scope = context.scope(input).withDocument(io.applyInputPath(input, context));
        return Duration.ofSeconds(Values.integer(timeoutSeconds, scope, "TimeoutSeconds", 1));
    }

    private JsonNode invoke(JsonNode parameters, StateContext context, Duration timeout) {
        var taskContext = new TaskContext(context.execution().identity().executionArn(), name(),
                context.retryCount() + 1, timeout);
        if (timeout == null) {
            return call(parameters, taskContext);
        }
        var future = new CompletableFuture<JsonNode>();
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                future.complete(call(parameters, taskContext));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new StatesError(ErrorNames.TIMEOUT, "Task '" + name() + "' timed out after " + timeout.toSeconds() + " seconds");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatesError error) {
                throw error;
            }
            throw taskFailed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "interrupted while waiting for task '" + name() + "'");
        }
    }

    private JsonNode call(JsonNode parameters, TaskContext taskContext) {
        try {
            // a copy: payload nodes are shared between states and threads, an integration must not be able to change them
            JsonNode result = integration.invoke(resource, parameters.deepCopy(), taskContext);
            if (result == null) {
                throw new StatesError(ErrorNames.TASK_FAILED, "The integration for '" + resource + "' returned no result");
            }
            return result;
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw taskFailed(e);
        }
    }

    private StatesError taskFailed(Throwable e) {
        return new StatesError(ErrorNames.TASK_FAILED, "The integration for '" + resource + "' failed: " + e);
    }
}
