package io.orderpipeline.redrive;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The run's metrics as CloudWatch EMF through Powertools, in an isolated metrics document per run
 * ({@code flushMetrics}), so in-process invocations of both functions never mix their counts. Every metric is
 * emitted on every real run, zeros included, so alarms see data rather than "missing". Dry runs publish nothing.
 */
final class RedriveMetrics {

    static final String REDRIVEN = "Redriven";
    static final String STILL_INVALID = "StillInvalid";
    static final String ERRORS = "RedriveErrors";
    static final String CONFLICTS = "Conflicts";
    static final String PARKED = "Parked";

    private final Metrics metrics;
    private final String namespace;

    RedriveMetrics(String namespace) {
        this.namespace = namespace;
        this.metrics = MetricsFactory.getMetricsInstance();
    }

    /** Emits {@code ColdStart} on the container's first invocation (before logging marks the cold start done). */
    void captureColdStart(Context context) {
        metrics.setNamespace(namespace);
        metrics.captureColdStartMetric(context);
    }

    void publish(RedriveSummary summary) {
        if (summary.dryRun()) {
            return;
        }
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.addMetric(REDRIVEN, summary.redriven, MetricUnit.COUNT);
            m.addMetric(STILL_INVALID, summary.stillInvalidTotal(), MetricUnit.COUNT);
            m.addMetric(ERRORS, summary.errors, MetricUnit.COUNT);
            m.addMetric(CONFLICTS, summary.conflicts, MetricUnit.COUNT);
            m.addMetric(PARKED, summary.parked, MetricUnit.COUNT);
        });
    }
}
