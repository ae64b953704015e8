package io.orderpipeline.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executions a {@code serve} started, as Step Functions keeps them for {@code ListExecutions} and
 * {@code DescribeExecution}: RUNNING from the start, then how each ended. Thread-safe.
 *
 * @see StepFunctionsApi
 */
public final class Executions {

    /**
     * One execution.
     *
     * @param aliasArn the alias that started it (the upload rule targets the {@code live} alias), or null
     * @param input    the execution's input (the EventBridge event) as JSON text
     * @param status   RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED
     * @param stopDate null while RUNNING
     * @param output   the output's JSON text when it SUCCEEDED, else null
     */
    public record Execution(String executionArn, String stateMachineArn, String aliasArn, String name,
                            Instant startDate, String input, String status, Instant stopDate, String output,
                            String error, String cause) {

        Execution ended(ExecutionResult result, Instant at) {
            return new Execution(executionArn, stateMachineArn, aliasArn, name, startDate, input, result.status().name(),
                    at, result.succeeded() && result.output() != null ? result.output().toString() : null,
                    result.error(), result.cause());
        }
    }

    private final Map<String, Execution> byArn = new LinkedHashMap<>();

    /** An execution started now with this input. */
    public synchronized void started(String executionArn, String stateMachineArn, String aliasArn, String name,
                                     JsonNode input) {
        byArn.put(executionArn, new Execution(executionArn, stateMachineArn, aliasArn, name, Instant.now(),
                input.toString(), "RUNNING", null, null, null, null));
    }

    /** The execution ended as {@code result} says. */
    public synchronized void ended(String executionArn, ExecutionResult result) {
        byArn.computeIfPresent(executionArn, (arn, running) -> running.ended(result, Instant.now()));
    }

    /** The executor itself failed (not the workflow): the execution FAILED with the exception as its error. */
    public synchronized void crashed(String executionArn, RuntimeException e) {
        byArn.computeIfPresent(executionArn, (arn, running) -> new Execution(arn, running.stateMachineArn(),
                running.aliasArn(), running.name(), running.startDate(), running.input(), "FAILED", Instant.now(), null,
                "States.Runtime", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    public synchronized Optional<Execution> find(String executionArn) {
        return Optional.ofNullable(byArn.get(executionArn));
    }

    /** Every execution, the most recently started first (as {@code ListExecutions} sorts them). */
    public synchronized List<Execution> newestFirst() {
        var all = new ArrayList<>(byArn.values());
        java.util.Collections.reverse(all);
        return all;
    }
}
