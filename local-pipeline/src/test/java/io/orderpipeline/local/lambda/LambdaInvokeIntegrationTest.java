package io.orderpipeline.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.local.emulator.Endpoints;
import io.orderpipeline.local.integration.LambdaInvokeIntegration;
import io.orderpipeline.local.template.FunctionSpec;
import io.orderpipeline.local.template.PipelineSpec;
import io.orderpipeline.local.template.StateMachineSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LambdaInvokeIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Endpoints ENDPOINTS = new Endpoints(URI.create("http://127.0.0.1:1"),
            URI.create("http://127.0.0.1:2"), URI.create("http://127.0.0.1:3"));
    private static final TaskContext CONTEXT = new TaskContext("arn:exec", "Validate", 1, null);

    private final FunctionRegistry registry = new FunctionRegistry(new PipelineSpec(Map.of(
            "Echo", function("Echo", FakeHandlers.Echo.class),
            "Failing", function("Failing", FakeHandlers.Failing.class),
            "Slow", function("Slow", FakeHandlers.Slow.class),
            "Huge", function("Huge", FakeHandlers.Huge.class)),
            new StateMachineSpec("M", "M", "arn", "STANDARD", Path.of("x"), Map.of(), "{}")),
            ENDPOINTS, new PrintStream(OutputStream.nullOutputStream()),
            // only Slow is meant to time out; writing 6 MB can take longer than 0.3 s on a busy machine
            new FunctionRegistry.Options(f -> f, env -> env,
                    f -> f.logicalId().equals("Slow") ? Duration.ofMillis(300) : Duration.ofSeconds(30)));
    private final LambdaInvokeIntegration lambda = new LambdaInvokeIntegration(registry);

    private static FunctionSpec function(String name, Class<?> handler) {
        return new FunctionSpec(name, handler.getName() + "::handleRequest", 60, 1024, "arm64", Map.of("GREETING", "hi"));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void theOptimizedIntegrationWrapsThePayloadLikeStepFunctions() throws Exception {
        var parameters = JSON.readTree("""
                {"FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:Echo:live", "Payload": {"n": 1}}
                """);
        var result = lambda.invoke(LambdaInvokeIntegration.OPTIMIZED, parameters, CONTEXT);
        assertThat(result.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(result.get("ExecutedVersion").asText()).isEqualTo("live");
        assertThat(result.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(result.at("/SdkResponseMetadata/RequestId").asText()).isNotBlank();
        var payload = result.get("Payload");
        assertThat(payload.get("greeting").asText()).isEqualTo("hi");
        assertThat(payload.get("function").asText()).isEqualTo("Echo");
        assertThat(payload.get("memory").asInt()).isEqualTo(1024);
        assertThat(payload.get("endpoint").asText()).isEqualTo("http://127.0.0.1:2");
        assertThat(payload.at("/input/n").asInt()).isEqualTo(1);
    }

    @Test
    void aPlainFunctionArnReturnsThePayloadItselfAndTheContainerIsReused() throws Exception {
        var before = FakeHandlers.Echo.instances();
        var first = lambda.invoke("arn:aws:lambda:us-east-1:000000000000:function:Echo", JSON.readTree("[1]"), CONTEXT);
        lambda.invoke("arn:aws:lambda:us-east-1:000000000000:function:Echo", JSON.readTree("[2]"), CONTEXT);
        assertThat(first.get("input").get(0).asInt()).isEqualTo(1);
        assertThat(FakeHandlers.Echo.instances() - before).isLessThanOrEqualTo(1);
        assertThat(registry.function("Echo").metrics().invocations()).isEqualTo(2);
        assertThat(registry.function("Echo").metrics().gbSeconds()).isPositive();
    }

    @Test
    void aFunctionErrorFailsTheTaskWithItsErrorTypeAndDocument() throws Exception {
        var error = catchThrowableOfType(StatesError.class, () -> lambda.invoke(LambdaInvokeIntegration.OPTIMIZED,
                JSON.readTree("{\"FunctionName\": \"Failing\", \"Payload\": {}}"), CONTEXT));
        assertThat(error.error()).isEqualTo("java.lang.IllegalStateException");
        var document = JSON.readTree(error.cause());
        assertThat(document.get("errorMessage").asText()).isEqualTo("validator exploded");
        assertThat(document.get("stackTrace")).isNotEmpty();
    }

    @Test
    void aTimeoutIsReportedAsLambdaReportsIt() throws Exception {
        var error = catchThrowableOfType(StatesError.class, () -> lambda.invoke(LambdaInvokeIntegration.OPTIMIZED,
                JSON.readTree("{\"FunctionName\": \"Slow\", \"Payload\": {}}"), CONTEXT));
        assertThat(error.error()).isEqualTo("Sandbox.Timedout");
        assertThat(error.cause()).contains("Task timed out after 0.30 seconds");
    }

    @Test
    void aResponseOverSixMegabytesIsAnError() throws Exception {
        var error = catchThrowableOfType(StatesError.class, () -> lambda.invoke(LambdaInvokeIntegration.OPTIMIZED,
                JSON.readTree("{\"FunctionName\": \"Huge\", \"Payload\": {}}"), CONTEXT));
        assertThat(error.error()).isEqualTo("Function.ResponseSizeTooLarge");
    }

    @Test
    void unknownFunctionsAreNotFound() throws Exception {
        var error = catchThrowableOfType(StatesError.class, () -> lambda.invoke(LambdaInvokeIntegration.OPTIMIZED,
                JSON.readTree("{\"FunctionName\": \"Nope\", \"Payload\": {}}"), CONTEXT));
        assertThat(error.error()).isEqualTo("Lambda.ResourceNotFoundException");
    }
}
