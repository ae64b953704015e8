package io.orderpipeline.local.metering;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskIntegration;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the state machine sends to CloudWatch Logs at its configured {@code Logging} level: the history events of every
 * execution (the STANDARD parent and each Distributed Map child: a child runs with its parent's logging
 * configuration, https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html),
 * counted from the executor's listener and from the Task calls, each rendered as the JSON record Step Functions writes
 * and sized in bytes.
 * <p>
 * AWS documents which event types each level logs (cw-logs.html#cloudwatch-log-level) but not the record's bytes.
 * The record here is the one Step Functions writes with {@code IncludeExecutionData: false}: {@code details} (the
 * event's non-data fields: a state's name; a task's resource, resource type and region; an error and its cause),
 * {@code redrive_count}, {@code id}, {@code type}, {@code previous_event_id}, {@code event_timestamp},
 * {@code execution_arn}. Each event is counted with CloudWatch Logs' 26 bytes of per-event overhead (the size
 * PutLogEvents counts); if ingestion is metered on the message alone, this is an upper bound. With
 * {@code IncludeExecutionData: true} the tasks' parameters and results are added; states' own inputs and outputs are
 * not (an under-count at that setting).
 * <p>
 * Inferred rather than observed: every state entered also exits (a Fail state does not), an inline Map's iterations
 * succeed, and its {@code MapStateStarted}/{@code Succeeded}/{@code Exited} are written when the execution ends. A
 * failure inside an iteration that nothing catches writes {@code MapIterationFailed}/{@code MapStateFailed} on AWS,
 * counted here as the success events of nearly the same size (the {@code TaskFailed} and {@code ExecutionFailed}
 * themselves are counted).
 */
public final class StateMachineLogMeter implements ExecutionListener {
    /** CloudWatch Logs' per-event overhead in PutLogEvents' batch size. */
    static final int EVENT_OVERHEAD_BYTES = 26;
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    private final DefinitionStates states;
    private final HistoryLogLevel level;
    private final boolean includeExecutionData;
    private final String roleArn;
    private final String region;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    /** The execution that last entered each distributed Map state, and each map run's execution. */
    private final Map<String, String> distributedMapOwners = new ConcurrentHashMap<>();
    private final Map<String, String[]> mapRuns = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong logged = new AtomicLong();
    private final AtomicLong loggedBytes = new AtomicLong();

    public StateMachineLogMeter(JsonNode definition, HistoryLogLevel level, boolean includeExecutionData,
                                String roleArn, String region) {
        this.states = DefinitionStates.of(definition);
        this.level = level;
        this.includeExecutionData = includeExecutionData;
        this.roleArn = roleArn;
        this.region = region;
    }

    public HistoryLogLevel level() {
        return level;
    }

    /** History events written, whatever the level. */
    public long events() {
        return events.get();
    }

    /** Events the level sends to CloudWatch Logs. */
    public long loggedEvents() {
        return logged.get();
    }

    /** Their size as CloudWatch Logs ingests them. */
    public long loggedBytes() {
        return loggedBytes.get();
    }

    /** The integrations, each Task attempt recorded: TaskScheduled, TaskStarted, then TaskSucceeded or TaskFailed. */
    public Function<String, TaskIntegration> wrap(Function<String, TaskIntegration> integrations) {
        return resource -> {
            var integration = integrations.apply(resource);
            if (integration == null) {
                return null;
            }
            var task = TaskResource.of(resource);
            return (called, parameters, context) -> {
                var execution = execution(context.executionArn());
                record(execution, "TaskScheduled", includeExecutionData
                        ? new String[]{"region", region, "resource", task.resource(), "resourceType", task.type(),
                        "parameters", String.valueOf(parameters)}
                        : new String[]{"region", region, "resource", task.resource(), "resourceType", task.type()});
                record(execution, "TaskStarted", "resource", task.resource(), "resourceType", task.type());
                try {
                    var result = integration.invoke(called, parameters, context);
                    record(execution, "TaskSucceeded", includeExecutionData
                            ? new String[]{"resource", task.resource(), "resourceType", task.type(), "output",
                            String.valueOf(result)}
                            : new String[]{"resource", task.resource(), "resourceType", task.type()});
                    return result;
                } catch (StatesError e) {
                    failed(execution, task, e.error(), e.cause());
                    throw e;
                } catch (RuntimeException e) {
                    failed(execution, task, e.getClass().getName(), e.getMessage());
                    throw e;
                }
            };
        };
    }

    private void failed(Execution execution, TaskResource task, String error, String cause) {
        execution.lastError = error;
        execution.lastCause = cause;
        record(execution, "TaskFailed", "cause", cause, "error", error, "resource", task.resource(),
                "resourceType", task.type());
    }

    @Override
    public void executionStarted(String executionArn, ExecutionType type, boolean child) {
        record(execution(executionArn), "ExecutionStarted", "roleArn", roleArn);
    }

    @Override
    public void executionFinished(String executionArn, ExecutionStatus status, boolean child) {
        var removed = executions.remove(executionArn);
        var execution = removed != null ? removed : new Execution(executionArn);
        execution.openMaps.forEach((map, iterations) -> closeInlineMap(execution, map, iterations.get()));
        if (status == ExecutionStatus.SUCCEEDED) {
            record(execution, "ExecutionSucceeded");
        } else {
            record(execution, "ExecutionFailed", "cause", execution.lastCause == null ? "" : execution.lastCause,
                    "error", execution.lastError == null ? "States.Runtime" : execution.lastError);
        }
    }

    @Override
    public void stateEntered(String executionArn, String stateName) {
        var execution = execution(executionArn);
        var state = states.state(stateName);
        if (state.iterationOf() != null) {
            var iterations = execution.openMaps.computeIfAbsent(state.iterationOf(), m -> new AtomicLong());
            var index = Long.toString(iterations.getAndIncrement());
            record(execution, "MapIterationStarted", "index", index, "name", state.iterationOf());
            record(execution, "MapIterationSucceeded", "index", index, "name", state.iterationOf());
        }
        var type = state.type();
        record(execution, type + "StateEntered", "name", stateName);
        switch (type) {
            case "Fail" -> {
                // a Fail state writes no Exited event
            }
            case "Map" -> {
                if (state.distributed()) {
                    record(execution, "MapStateStarted");
                    distributedMapOwners.put(stateName, executionArn);
                } else {
                    var previous = execution.openMaps.put(stateName, new AtomicLong());
                    if (previous != null) {
                        closeInlineMap(execution, stateName, previous.get());
                    }
                }
            }
            case "Parallel" -> {
                record(execution, "ParallelStateStarted");
                record(execution, "ParallelStateSucceeded");
                record(execution, "ParallelStateExited", "name", stateName);
            }
            default -> record(execution, type + "StateExited", "name", stateName);
        }
    }

    private void closeInlineMap(Execution execution, String map, long iterations) {
        record(execution, "MapStateStarted", "length", Long.toString(iterations));
        record(execution, "MapStateSucceeded");
        record(execution, "MapStateExited", "name", map);
    }

    @Override
    public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
        var owner = distributedMapOwners.get(stateName);
        if (owner != null) {
            mapRuns.put(mapRunArn, new String[]{owner, stateName});
            record(execution(owner), "MapRunStarted", "mapRunArn", mapRunArn);
        }
    }

    @Override
    public void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
        var run = mapRuns.remove(mapRunArn);
        if (run == null) {
            return;
        }
        var execution = execution(run[0]);
        if (failed) {
            record(execution, "MapRunFailed", "cause", "The specified tolerated failure threshold was exceeded",
                    "error", "States.ExceedToleratedFailureThreshold");
            record(execution, "MapStateFailed");
        } else {
            record(execution, "MapRunSucceeded");
            record(execution, "MapStateSucceeded");
            record(execution, "MapStateExited", "name", run[1]);
        }
    }

    private Execution execution(String executionArn) {
        return executions.computeIfAbsent(executionArn, Execution::new);
    }

    /** Counts the event and, when the level logs it, its record's bytes. */
    private void record(Execution execution, String type, String... details) {
        events.incrementAndGet();
        long id = execution.ids.incrementAndGet();
        if (!level.logs(type)) {
            return;
        }
        logged.incrementAndGet();
        loggedBytes.addAndGet(render(execution.arn, id, type, details).getBytes(StandardCharsets.UTF_8).length
                + EVENT_OVERHEAD_BYTES);
    }

    /** The record Step Functions writes to the log group for one history event. */
    static String render(String executionArn, long id, String type, String... details) {
        var json = new StringBuilder(256).append("{\"details\":{");
        for (int i = 0; i + 1 < details.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            quoted(json, details[i]).append(':');
            quoted(json, details[i + 1] == null ? "" : details[i + 1]);
        }
        json.append("},\"redrive_count\":\"0\",\"id\":\"").append(id).append("\",\"type\":");
        quoted(json, type).append(",\"previous_event_id\":\"").append(id - 1).append("\",\"event_timestamp\":\"")
                .append(System.currentTimeMillis()).append("\",\"execution_arn\":");
        return quoted(json, executionArn).append('}').toString();
    }

    private static StringBuilder quoted(StringBuilder json, String text) {
        json.append('"');
        ESCAPE.quoteAsString(text, json);
        return json.append('"');
    }

    private static final class Execution {
        final String arn;
        final AtomicLong ids = new AtomicLong();
        /** Inline Maps entered and not yet closed, with their iteration counts. */
        final Map<String, AtomicLong> openMaps = new ConcurrentHashMap<>();
        volatile String lastError;
        volatile String lastCause;

        Execution(String arn) {
            this.arn = arn;
        }
    }

    /**
     * How a Task's history names its resource: {@code arn:aws:states:::dynamodb:putItem} is resource type
     * {@code dynamodb}, resource {@code putItem}; a function ARN is type {@code lambda}, resource {@code invoke}.
     */
    record TaskResource(String type, String resource) {
        static TaskResource of(String arn) {
            var prefix = "arn:aws:states:::";
            if (arn.startsWith(prefix)) {
                var rest = arn.substring(prefix.length());
                var colon = rest.indexOf(':');
                return colon < 0 ? new TaskResource(rest, rest)
                        : new TaskResource(rest.substring(0, colon), rest.substring(colon + 1));
            }
            return arn.startsWith("arn:aws:lambda:") ? new TaskResource("lambda", "invoke") : new TaskResource("activity", arn);
        }
    }
}
