package io.orderpipeline.lambda.snapstart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.List;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Warms the layer every invoke goes through on top of the function's own code: Powertools' logging context (the
 * Lambda context fields and the JMESPath correlation-id lookup, which loads Powertools' JSON configuration) and
 * Log4j's JSON layout, and the EMF document serializer. Without it those make up most of the first invoke after a
 * restore. The only output is the one line that reports the priming; the EMF document is serialized and dropped,
 * so no metric is ever published from the snapshot.
 */
final class PowertoolsPriming {

    static final String CORRELATION_ID = "correlation_id";
    static final String PRIMED_MESSAGE = "SnapStart priming done";

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

    /** The one log line of the priming pass, written inside Powertools' logging context as an invoke's would be. */
    static void logPrimed(Map<String, String> environment, long primingMillis, boolean functionPathWarmed) {
        PowertoolsLogging.withLogging(new PrimingContext(environment), CORRELATION_ID,
                Map.of(CORRELATION_ID, PrimingContext.REQUEST_ID), () -> {
                    LOG.info(PRIMED_MESSAGE, entry("primingMillis", primingMillis),
                            entry("functionPathWarmed", functionPathWarmed));
                    return null;
                });
    }
}
