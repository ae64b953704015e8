package io.orderpipeline.reconciler;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.reconciler.core.ReconciliationReport;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One EMF document per reconciled file (data-contracts.md §6), isolated per invocation ({@code flushMetrics}) so
 * in-process invocations never mix their counts. Every metric is emitted for every file, zeros included, so the alarm
 * on {@code OrdersUnaccounted + OrdersAltered} sees data rather than "missing".
 */
final class ReconcilerMetrics {

    static final String ORDERS_READ = "OrdersRead";
    static final String ORDERS_STORED = "OrdersStored";
    static final String ORDERS_PARKED = "OrdersParked";
    static final String ORDERS_UNACCOUNTED = "OrdersUnaccounted";
    static final String ORDERS_ALTERED = "OrdersAltered";
    static final String ORDERS_PARKED_BY_RECONCILER = "OrdersParkedByReconciler";

    private final Metrics metrics;
    private final String namespace;

    ReconcilerMetrics(String namespace) {
        this.namespace = namespace;
        this.metrics = MetricsFactory.getMetricsInstance();
    }

    /** Emits {@code ColdStart} on the container's first invocation (before logging marks the cold start done). */
    void captureColdStart(Context context) {
        metrics.setNamespace(namespace);
        metrics.captureColdStartMetric(context);
    }

    void publish(ReconciliationReport report) {
        var counts = report.counts();
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.addMetric(ORDERS_READ, counts.read(), MetricUnit.COUNT);
            m.addMetric(ORDERS_STORED, counts.stored(), MetricUnit.COUNT);
            m.addMetric(ORDERS_PARKED, counts.parked(), MetricUnit.COUNT);
            m.addMetric(ORDERS_PARKED_BY_RECONCILER, counts.parkedByReconciler(), MetricUnit.COUNT);
            m.addMetric(ORDERS_UNACCOUNTED, counts.unaccounted(), MetricUnit.COUNT);
            m.addMetric(ORDERS_ALTERED, counts.altered(), MetricUnit.COUNT);
        });
    }
}
