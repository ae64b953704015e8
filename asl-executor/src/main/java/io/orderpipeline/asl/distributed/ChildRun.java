package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.engine.ContextObject;
import io.orderpipeline.asl.path.Json;

import java.time.Instant;

/** One finished child execution of a Distributed Map run. */
public record ChildRun(String executionArn, String name, String stateMachineArn, JsonNode input, ExecutionStatus status,
                       JsonNode output, String error, String cause, Instant startDate, Instant stopDate, int itemCount) {

    /** The child as ResultWriter files list it (Transformation NONE): execution metadata, input and output as strings. */
    public ObjectNode describe() {
        ObjectNode json = Json.NODES.objectNode();
        json.put("ExecutionArn", executionArn);
        json.put("Input", Json.write(input));
        json.putObject("InputDetails").put("Included", true);
        json.put("Name", name);
        if (status == ExecutionStatus.SUCCEEDED) {
            json.put("Output", Json.write(output));
            json.putObject("OutputDetails").put("Included", true);
        } else {
            json.put("Error", error);
            json.put("Cause", cause);
        }
        json.put("RedriveCount", 0);
        json.put("RedriveStatus", "NOT_REDRIVABLE");
        json.put("RedriveStatusReason", status == ExecutionStatus.SUCCEEDED
                ? "Execution is SUCCEEDED and cannot be redriven" : "Execution is FAILED and is not redrivable locally");
        json.put("StartDate", ContextObject.timestamp(startDate));
        json.put("StateMachineArn", stateMachineArn);
        json.put("Status", status.name());
        json.put("StopDate", ContextObject.timestamp(stopDate));
        return json;
    }
}
