package io.orderpipeline.redrive;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.lambda.metrics.FunctionMetrics;
import io.orderpipeline.redrive.core.RedriveSummary;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The run's metrics as CloudWatch EMF through Powertools, in a document of each run's own (lambda-support's
 * {@link FunctionMetrics}). Every metric is emitted on every real run, zeros included, so alarms see data rather than
 * "missing". Dry runs publish nothing.
 */
final class RedriveMetrics {

    static final String REDRIVEN = "Redriven";
    static final String STILL_INVALID = "StillInvalid";
    static final String ERRORS = "RedriveErrors";
    static final String CONFLICTS = "Conflicts";
    static final String PARKED = "Parked";

    private final FunctionMetrics metrics;

    RedriveMetrics(String namespace) {
        this.metrics = new FunctionMetrics(namespace);
    }

    /** Emits {@code ColdStart} on the container's first invocation (before logging marks the cold start done). */
    void captureColdStart(Context context) {
        metrics.captureColdStart(context);
    }

    void publish(RedriveSummary summary) {
        if (summary.dryRun()) {
            return;
        }
        metrics.flush(m -> {
            m.addMetric(REDRIVEN, summary.redriven(), MetricUnit.COUNT);
            m.addMetric(STILL_INVALID, summary.stillInvalidTotal(), MetricUnit.COUNT);
            m.addMetric(ERRORS, summary.errors(), MetricUnit.COUNT);
            m.addMetric(CONFLICTS, summary.conflicts(), MetricUnit.COUNT);
            m.addMetric(PARKED, summary.parked(), MetricUnit.COUNT);
        });
    }
}
