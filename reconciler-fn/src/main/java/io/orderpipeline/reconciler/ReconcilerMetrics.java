package io.orderpipeline.reconciler;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.lambda.metrics.FunctionMetrics;
import io.orderpipeline.reconciler.core.ReconciliationReport;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One EMF document per reconciled file (data-contracts.md §6), of the invocation's own (lambda-support's
 * {@link FunctionMetrics}) so in-process invocations never mix their counts. Every metric is emitted for every file, zeros included, so the alarm
 * on {@code OrdersUnaccounted + OrdersAltered} sees data rather than "missing".
 */
final class ReconcilerMetrics {

    static final String ORDERS_READ = "OrdersRead";
    static final String ORDERS_STORED = "OrdersStored";
    static final String ORDERS_PARKED = "OrdersParked";
    static final String ORDERS_UNACCOUNTED = "OrdersUnaccounted";
    static final String ORDERS_ALTERED = "OrdersAltered";
    static final String ORDERS_PARKED_BY_RECONCILER = "OrdersParkedByReconciler";

    private final FunctionMetrics metrics;

    ReconcilerMetrics(String namespace) {
        this.metrics = new FunctionMetrics(namespace);
    }

    /** Emits {@code ColdStart} on the container's first invocation (before logging marks the cold start done). */
    void captureColdStart(Context context) {
        metrics.captureColdStart(context);
    }

    void publish(ReconciliationReport report) {
        var counts = report.counts();
        metrics.flush(m -> {
            m.addMetric(ORDERS_READ, counts.read(), MetricUnit.COUNT);
            m.addMetric(ORDERS_STORED, counts.stored(), MetricUnit.COUNT);
            m.addMetric(ORDERS_PARKED, counts.parked(), MetricUnit.COUNT);
            m.addMetric(ORDERS_PARKED_BY_RECONCILER, counts.parkedByReconciler(), MetricUnit.COUNT);
            m.addMetric(ORDERS_UNACCOUNTED, counts.unaccounted(), MetricUnit.COUNT);
            m.addMetric(ORDERS_ALTERED, counts.altered(), MetricUnit.COUNT);
        });
    }
}
