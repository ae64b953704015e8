package io.orderpipeline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.model.ReasonCode;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.Map;

/**
 * CloudWatch metrics as EMF lines through Powertools. Each invocation flushes its own isolated metric documents
 * ({@code flushMetrics} / {@code flushSingleMetric}), so concurrent in-process invocations never mix their counts.
 */
final class BatchMetrics {

    static final String VALID_ORDERS = "ValidOrders";
    static final String INVALID_ORDERS = "InvalidOrders";
    static final String INVALID_ORDERS_BY_REASON = "InvalidOrdersByReason";
    static final String REASON_CODE_DIMENSION = "reasonCode";
    static final String DEFAULT_NAMESPACE = "OrderPipeline";

    private final Metrics metrics;
    private final String namespace;

    BatchMetrics(String namespace) {
        this.namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        this.metrics = MetricsFactory.getMetricsInstance();
        this.metrics.setNamespace(this.namespace);
    }

    String namespace() {
        return namespace;
    }

    /** Emits {@code ColdStart} on the first invocation of the container (must run before logging marks it done). */
    void captureColdStart(Context context) {
        metrics.setNamespace(namespace);
        metrics.captureColdStartMetric(context);
    }

    void publish(BatchOutcome outcome) {
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.addMetric(VALID_ORDERS, outcome.valid().size(), MetricUnit.COUNT);
            m.addMetric(INVALID_ORDERS, outcome.invalid().size(), MetricUnit.COUNT);
        });
        for (Map.Entry<ReasonCode, Integer> e : outcome.byReason().entrySet()) {
            metrics.flushSingleMetric(INVALID_ORDERS_BY_REASON, e.getValue(), MetricUnit.COUNT, namespace,
                    DimensionSet.of(REASON_CODE_DIMENSION, e.getKey().name()));
        }
    }
}
