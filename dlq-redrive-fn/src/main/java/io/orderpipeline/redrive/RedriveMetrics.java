package io.orderpipeline.redrive;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The run's metrics as CloudWatch EMF through Powertools. Every metric is emitted on every real run, zeros included,
 * so alarms see data rather than "missing". Dry runs publish nothing: they changed nothing.
 */
final class RedriveMetrics {

    private final String namespace;
    private final String service;

    RedriveMetrics(String namespace, String service) {
        this.namespace = namespace;
        this.service = service;
    }

    void publish(RedriveSummary summary, Context context) {
        if (summary.dryRun()) {
            return;
        }
        // the metrics object is JVM-wide (the local pipeline runs both functions in one JVM): configure per flush
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(namespace);
        metrics.setDefaultDimensions(DimensionSet.of("service", service));
        if (context != null) {
            metrics.captureColdStartMetric(context);
        }
        metrics.addMetric("Redriven", summary.redriven, MetricUnit.COUNT);
        metrics.addMetric("StillInvalid", summary.stillInvalidTotal(), MetricUnit.COUNT);
        metrics.addMetric("RedriveErrors", summary.errors, MetricUnit.COUNT);
        metrics.addMetric("Conflicts", summary.conflicts, MetricUnit.COUNT);
        metrics.addMetric("Parked", summary.parked, MetricUnit.COUNT);
        metrics.flush();
    }
}
