package io.orderpipeline.asl.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.path.Json;

/**
 * How an execution ended: {@code output} when it SUCCEEDED, {@code error} and {@code cause} when it FAILED.
 */
public record ExecutionResult(ExecutionStatus status, JsonNode output, String error, String cause, ExecutionStats stats) {

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** {@code {"status","output"}} or {@code {"status","error","cause"}}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.NODES.objectNode();
        json.put("status", status.name());
        if (status == ExecutionStatus.SUCCEEDED) {
            json.set("output", output);
        } else {
            json.put("error", error);
            json.put("cause", cause);
        }
        return json;
    }
}
