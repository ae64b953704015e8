package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.path.Json;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Builds the context object ({@code $$}) the way AWS documents it. */
public final class ContextObject {

    private ContextObject() {
    }

    /** ISO-8601 with milliseconds in UTC, as the context object and history show times. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * @param retryCount the state's retry count, or null for states that cannot retry: AWS shows
     *                   {@code State.RetryCount} only in Task, Parallel and Map states (conformance case
     *                   {@code test_base.test_query_context_object_values}: a Pass state's {@code State} holds
     *                   {@code EnteredTime} and {@code Name} only)
     * @param mapIndex   the Map item's index inside a Map's ItemSelector, else null
     */
    public static JsonNode build(Execution execution, String stateName, Instant enteredTime, Integer retryCount,
                                 Integer mapIndex, JsonNode mapValue) {
        ExecutionIdentity id = execution.identity();
        ObjectNode root = Json.NODES.objectNode();
        ObjectNode exec = root.putObject("Execution");
        exec.put("Id", id.executionArn());
        exec.set("Input", execution.input());
        exec.put("Name", id.executionName());
        exec.put("RoleArn", id.roleArn());
        exec.put("StartTime", timestamp(execution.startTime()));
        exec.put("RedriveCount", 0);
        ObjectNode state = root.putObject("State");
        state.put("EnteredTime", timestamp(enteredTime));
        state.put("Name", stateName);
        if (retryCount != null) {
            state.put("RetryCount", retryCount);
        }
        ObjectNode machine = root.putObject("StateMachine");
        machine.put("Id", id.stateMachineArn());
        machine.put("Name", id.stateMachineName());
        if (mapIndex != null) {
            ObjectNode item = root.putObject("Map").putObject("Item");
            item.put("Index", mapIndex);
            item.set("Value", mapValue);
        }
        return root;
    }
}
