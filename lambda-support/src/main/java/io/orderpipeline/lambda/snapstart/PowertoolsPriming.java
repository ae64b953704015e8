package io.orderpipeline.lambda.snapstart;

import io.orderpipeline.lambda.context.InvocationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Warms the layer every invoke goes through on top of the function's own code: Powertools' logging context (the
 * Lambda context fields and, where the function uses one, the JMESPath correlation-id lookup) and
 * Log4j's JSON layout, and the EMF document serializer. Without it those make up most of the first invoke after a
 * restore. The only output is the one line that reports the priming; the EMF document is serialized and dropped,
 * so no metric is ever published from the snapshot.
 */
final class PowertoolsPriming {

    static final String PRIMED_MESSAGE = "SnapStart priming done";
    static final String REQUEST_ID = "snapstart-priming";

    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsPriming.class);

    private PowertoolsPriming() {
    }

    /**
     * Resolves the EMF environment, which the library caches for the life of the JVM (in Lambda: the Lambda
     * environment, found from its variables, whose sink is stdout), and serializes an EMF document shaped like the
     * functions' own, which is discarded: nothing reaches the sink.
     */
    static List<String> serializeSampleMetrics() throws Exception {
        new EnvironmentProvider().resolveEnvironment().join();
        MetricsContext metrics = new MetricsContext();
        metrics.setNamespace("SnapStartPriming");
        metrics.setDefaultDimensions(DimensionSet.of("Service", "priming"));
        metrics.putDimension(DimensionSet.of("reasonCode", "PRIMING"));
        metrics.putMetric("PrimedOrders", 1, Unit.COUNT);
        return metrics.serialize();
    }

    /**
     * The one log line of the priming pass, written inside Powertools' logging context as an invoke's would be, with
     * the function's correlation-id path when it has one (null: none, as in the redrive, whose jar has no JMESPath).
     */
    static void logPrimed(Map<String, String> environment, String correlationIdPath, long primingMillis,
                          boolean functionPathWarmed) {
        Supplier<Void> line = () -> {
            LOG.info(PRIMED_MESSAGE, entry("primingMillis", primingMillis),
                    entry("functionPathWarmed", functionPathWarmed));
            return null;
        };
        var context = primingContext(environment);
        if (correlationIdPath == null) {
            PowertoolsLogging.withLogging(context, line);
        } else {
            PowertoolsLogging.withLogging(context, correlationIdPath,
                    Map.of(correlationIdPath, REQUEST_ID), line);
        }
    }

    /**
     * There is no request before the snapshot, so the request id says so; the function's identity comes from the
     * environment Lambda sets during init.
     */
    static InvocationContext primingContext(Map<String, String> environment) {
        int memory;
        try {
            memory = Integer.parseInt(environment.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0"));
        } catch (NumberFormatException e) {
            memory = 0;
        }
        return new InvocationContext(REQUEST_ID, environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", ""),
                environment.getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", ""), "",
                environment.getOrDefault("AWS_LAMBDA_LOG_GROUP_NAME", ""),
                environment.getOrDefault("AWS_LAMBDA_LOG_STREAM_NAME", ""), memory,
                InvocationContext.fixed(Integer.MAX_VALUE), System.out);
    }
}
