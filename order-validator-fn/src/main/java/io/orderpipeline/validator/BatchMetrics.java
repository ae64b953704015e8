package io.orderpipeline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.lambda.metrics.FunctionMetrics;
import io.orderpipeline.model.ReasonCode;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.Map;

/**
 * The batch's CloudWatch metrics as EMF lines through Powertools, in documents of each invocation's own
 * (lambda-support's {@link FunctionMetrics}), so concurrent in-process invocations never mix their counts.
 */
final class BatchMetrics {

    static final String VALID_ORDERS = "ValidOrders";
    static final String INVALID_ORDERS = "InvalidOrders";
    static final String INVALID_ORDERS_BY_REASON = "InvalidOrdersByReason";
    /** Records left to the reconciler because their item or DLQ message could not travel in the batch output. */
    static final String DEFERRED_RECORDS = "DeferredRecords";
    static final String REASON_CODE_DIMENSION = "reasonCode";
    static final String DEFAULT_NAMESPACE = "OrderPipeline";

    private final FunctionMetrics metrics;

    BatchMetrics(String namespace) {
        this.metrics = new FunctionMetrics(namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace);
    }

    String namespace() {
        return metrics.namespace();
    }

    /** Emits {@code ColdStart} on the first invocation of the container (must run before logging marks it done). */
    void captureColdStart(Context context) {
        metrics.captureColdStart(context);
    }

    void publish(BatchOutcome outcome, int deferred) {
        metrics.flush(m -> {
            m.addMetric(VALID_ORDERS, outcome.valid(), MetricUnit.COUNT);
            m.addMetric(INVALID_ORDERS, outcome.invalid(), MetricUnit.COUNT);
            m.addMetric(DEFERRED_RECORDS, deferred, MetricUnit.COUNT);
        });
        for (Map.Entry<ReasonCode, Integer> e : outcome.byReason().entrySet()) {
            metrics.flushSingle(INVALID_ORDERS_BY_REASON, e.getValue(), MetricUnit.COUNT,
                    DimensionSet.of(REASON_CODE_DIMENSION, e.getKey().name()));
        }
    }
}
