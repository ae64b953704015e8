package io.orderpipeline.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.integration.Integrations;
import io.orderpipeline.local.lambda.FunctionMetrics;
import io.orderpipeline.local.template.StateMachineSpec;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs the naive definition ({@code bench/naive/naive-pipeline.asl.json}) in the local executor against the same
 * emulators, validator, table and DLQ as the real pipeline, and counts what it would be billed for. The only
 * integration added here is {@code aws-sdk:s3:getObject} (the real pipeline's Distributed Map reads through the
 * executor's ItemReader instead), served from the same S3 emulator.
 */
public final class NaiveDesign {

    static final String GET_OBJECT = "arn:aws:states:::aws-sdk:s3:getObject";
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:NaiveOrderPipeline";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalPipeline pipeline;
    private final JsonNode definition;

    /** One naive execution: how it ended and what it consumed. */
    public record Run(ExecutionResult result, Usage usage, long elapsedNanos, int orders, int fileBytes) {
    }

    public NaiveDesign(LocalPipeline pipeline, Path definitionFile) throws IOException {
        this.pipeline = pipeline;
        this.definition = JSON.readTree(StateMachineSpec.substitute(Files.readString(definitionFile),
                pipeline.spec().stateMachine().substitutions()));
    }

    /** Stores {@code file} under {@code naive/<name>} (outside the rule's prefix) and runs one execution on it. */
    public Run run(byte[] file, String name, int orders) {
        String key = "naive/" + name;
        var s3 = pipeline.environment().clients().s3();
        s3.putObject(b -> b.bucket(pipeline.bucket()).key(key), RequestBody.fromBytes(file));
        Integrations integrations = new Integrations(pipeline.environment(), pipeline.functions());
        AtomicLong gets = new AtomicLong();
        TaskIntegration getObject = (resource, parameters, context) -> {
            gets.incrementAndGet();
            try {
                byte[] body = s3.getObjectAsBytes(b -> b.bucket(parameters.path("Bucket").asText())
                        .key(parameters.path("Key").asText())).asByteArray();
                ObjectNode result = JSON.createObjectNode();
                result.put("Body", new String(body, StandardCharsets.UTF_8));
                result.put("ContentLength", body.length);
                result.put("ContentType", "application/json");
                return result;
            } catch (RuntimeException e) {
                throw new StatesError("S3.S3Exception", e.getMessage());
            }
        };
        Function<String, TaskIntegration> resolver = resource -> GET_OBJECT.equals(resource) ? getObject
                : integrations.apply(resource);
        List<FunctionMetrics> before = pipeline.functions().metrics();
        ObjectNode event = JSON.createObjectNode();
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", pipeline.bucket());
        detail.putObject("object").put("key", key);
        long start = System.nanoTime();
        ExecutionResult result = AslExecutor.builder().integrations(resolver).timeScale(0).build()
                .execute(definition, event, new ExecutionRequest(STATE_MACHINE_ARN, null, ExecutionType.STANDARD));
        long elapsed = System.nanoTime() - start;
        List<FunctionMetrics> after = pipeline.functions().metrics();
        List<Usage.FunctionUsage> functions = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            FunctionMetrics a = after.get(i);
            FunctionMetrics b = before.get(i);
            functions.add(new Usage.FunctionUsage(a.functionName(), a.architecture(), a.invocations() - b.invocations(),
                    a.gbSeconds() - b.gbSeconds(), a.logEvents() - b.logEvents(), a.logBytes() - b.logBytes()));
        }
        // The baseline's requests, writes and function logs; its own state machine logs and traces are not metered
        // (it runs without the pipeline's meters): they would only add to it.
        Map<Line, Double> counted = new EnumMap<>(Line.class);
        counted.put(Line.STANDARD_TRANSITIONS, (double) result.stats().stateTransitions());
        counted.put(Line.DYNAMODB_TABLE_WRITES, (double) integrations.dynamoDb().writeUnits());
        counted.put(Line.DYNAMODB_INDEX_WRITES, (double) integrations.dynamoDb().indexWriteUnits());
        counted.put(Line.DYNAMODB_READS, integrations.dynamoDb().readUnits());
        counted.put(Line.SQS_REQUESTS, (double) integrations.sqs().billedRequests());
        counted.put(Line.S3_PUT_REQUESTS, 1.0);
        counted.put(Line.S3_GET_REQUESTS, (double) gets.get());
        Usage usage = new Usage(counted, functions, Set.of(), 0, 0);
        return new Run(result, usage, elapsed, orders, file.length);
    }
}
