package io.orderpipeline.local.lambda;

import io.orderpipeline.local.emulator.EmulatorClients;
import io.orderpipeline.local.emulator.Endpoints;
import io.orderpipeline.local.template.FunctionSpec;
import io.orderpipeline.local.template.LocalNames;
import io.orderpipeline.local.template.PipelineSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.time.Duration;

/** The template's functions, one warm in-process instance each, found by name, ARN or alias ARN. */
public final class FunctionRegistry implements AutoCloseable {
    private final Map<String, InProcessFunction> functions = new LinkedHashMap<>();

    /**
     * @param log where handlers' Context logger writes
     */
    public FunctionRegistry(PipelineSpec spec, Endpoints endpoints, PrintStream log, Options options) {
        spec.functions().forEach((id, declared) -> {
            var function = options.function().apply(declared);
            functions.put(id, new InProcessFunction(function, options.environment().apply(environment(function, endpoints)),
                    log, options.timeout().apply(function)));
        });
    }

    /**
     * Test seams.
     *
     * @param function    changes a function as declared (e.g. its handler class)
     * @param environment changes a function's environment
     * @param timeout     the timeout each function is held to
     */
    public record Options(UnaryOperator<FunctionSpec> function, UnaryOperator<Map<String, String>> environment,
                          Function<FunctionSpec, Duration> timeout) {
        public static final Options AS_DECLARED = new Options(UnaryOperator.identity(), UnaryOperator.identity(),
                function -> Duration.ofSeconds(function.timeoutSeconds()));
    }

    /** Globals + the function's Environment, plus what the Lambda runtime sets and the emulators' endpoints. */
    public static Map<String, String> environment(FunctionSpec function, Endpoints endpoints) {
        var environment = new LinkedHashMap<>(function.environment());
        environment.put("AWS_REGION", LocalNames.REGION);
        environment.put("AWS_DEFAULT_REGION", LocalNames.REGION);
        environment.put("AWS_ACCESS_KEY_ID", EmulatorClients.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", EmulatorClients.SECRET_KEY);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamodb().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
        environment.put("AWS_ENDPOINT_URL_S3", endpoints.s3().toString());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");
        return environment;
    }

    /**
     * @param nameOrArn {@code Name}, {@code Name:qualifier}, {@code arn:aws:lambda:region:account:function:Name[:qualifier]}
     *                  or the partial {@code account:function:Name}
     */
    public Optional<Target> find(String nameOrArn) {
        var parts = nameOrArn.split(":");
        String name;
        String qualifier = null;
        if (nameOrArn.startsWith("arn:")) {
            if (parts.length < 7 || !"function".equals(parts[5])) {
                return Optional.empty();
            }
            name = parts[6];
            qualifier = parts.length > 7 ? parts[7] : null;
        } else if (parts.length >= 3 && "function".equals(parts[1])) {
            name = parts[2];
            qualifier = parts.length > 3 ? parts[3] : null;
        } else {
            name = parts[0];
            qualifier = parts.length > 1 ? parts[1] : null;
        }
        var function = functions.get(name);
        return function == null ? Optional.empty() : Optional.of(new Target(function, qualifier));
    }

    public InProcessFunction function(String logicalId) {
        var function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("No function " + logicalId);
        }
        return function;
    }

    public List<FunctionMetrics> metrics() {
        var metrics = new ArrayList<FunctionMetrics>();
        functions.values().forEach(f -> metrics.add(f.metrics()));
        return metrics;
    }

    @Override
    public void close() {
        functions.values().forEach(InProcessFunction::close);
    }

    public record Target(InProcessFunction function, String qualifier) {
    }
}
