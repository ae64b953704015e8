package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.items.ExactJson;
import io.orderpipeline.local.lambda.FunctionRegistry;
import io.orderpipeline.local.lambda.InvocationResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Lambda tasks against the in-process functions: the optimized {@code arn:aws:states:::lambda:invoke} (result is
 * {@code {ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}}) and a plain function ARN as
 * Resource (result is the payload). A function error fails the task with the function's {@code errorType} as the error
 * and the error document as the cause, as Step Functions does.
 */
public final class LambdaInvokeIntegration implements TaskIntegration {
    public static final String OPTIMIZED = "arn:aws:states:::lambda:invoke";
    /** Exact JSON, as the executor's payloads: a function's numbers and text reach the next state unchanged. */
    private static final ObjectMapper JSON = ExactJson.mapper();

    private final FunctionRegistry functions;

    public LambdaInvokeIntegration(FunctionRegistry functions) {
        this.functions = functions;
    }

    public static boolean handles(String resource) {
        return OPTIMIZED.equals(resource) || resource.startsWith("arn:aws:lambda:");
    }

    @Override
    public JsonNode invoke(String resource, JsonNode parameters, TaskContext context) throws StatesError {
        if (OPTIMIZED.equals(resource)) {
            var name = parameters.path("FunctionName").asText(null);
            if (name == null) {
                throw new StatesError("Lambda.AWSLambdaException", "FunctionName is required");
            }
            var qualifier = parameters.path("Qualifier").asText(null);
            var payload = parameters.has("Payload") ? parameters.get("Payload") : JSON.nullNode();
            var response = call(name, qualifier, payload);
            var result = JSON.createObjectNode();
            result.put("ExecutedVersion", response.executedVersion());
            result.set("Payload", parse(response.payload()));
            var requestId = UUID.randomUUID().toString();
            var http = result.putObject("SdkHttpMetadata");
            http.putObject("AllHttpHeaders").putArray("x-amzn-RequestId").add(requestId);
            http.putObject("HttpHeaders").put("x-amzn-RequestId", requestId)
                    .put("X-Amz-Executed-Version", response.executedVersion());
            http.put("HttpStatusCode", 200);
            result.putObject("SdkResponseMetadata").put("RequestId", requestId);
            result.put("StatusCode", 200);
            return result;
        }
        return parse(call(resource, null, parameters).payload());
    }

    private InvocationResult.Success call(String name, String qualifier, JsonNode payload) {
        var target = functions.find(name).orElseThrow(() -> new StatesError("Lambda.ResourceNotFoundException",
                "Function not found: " + name + " (the local pipeline runs the template's functions only)"));
        var bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        var result = target.function().invoke(bytes, qualifier != null ? qualifier : target.qualifier());
        return switch (result) {
            case InvocationResult.Success success -> success;
            case InvocationResult.FunctionError error -> throw new StatesError(error.errorType(), error.errorPayload());
        };
    }

    private static JsonNode parse(byte[] payload) {
        if (payload.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(payload);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }

}
