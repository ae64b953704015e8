package io.orderpipeline.reconciler;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.lambda.metrics.FunctionMetrics;
import io.orderpipeline.model.wire.Parking.OrderFileError;
import io.orderpipeline.reconciler.core.ReconciliationReport;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.EnumSet;
import java.util.Set;

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
    /**
     * Files refused for what they hold (format, size, header, encoding, content): the execution then fails by design.
     * template.yaml's {@code PipelineFailureAlarm} subtracts them from the state machine's failed executions, so a
     * client's bad upload during a canary does not roll the deployment back, while a file the pipeline itself failed
     * (the reconciler failed, a file not found, orders unaccounted) still does.
     */
    static final String FILES_REJECTED = "FilesRejected";

    /** The file errors that are the uploaded file's own fault; the others say the pipeline failed it. */
    static final Set<OrderFileError> THE_FILES_OWN = EnumSet.of(OrderFileError.UNSUPPORTED_FORMAT,
            OrderFileError.TOO_LARGE, OrderFileError.MISSING_COLUMNS, OrderFileError.UNREADABLE);

    private final FunctionMetrics metrics;

    ReconcilerMetrics(String namespace) {
        this.metrics = new FunctionMetrics(namespace);
    }

    /** Emits {@code ColdStart} on the container's first invocation (before logging marks the cold start done). */
    void captureColdStart(Context context) {
        metrics.captureColdStart(context);
    }

    /** At INSPECT: a rejected file is counted (an accepted one is counted, as 0, with its reconciliation). */
    void publishInspection(ReconciliationReport.FileError fileError) {
        if (fileError != null && rejectsTheFile(fileError)) {
            metrics.flush(m -> m.addMetric(FILES_REJECTED, 1, MetricUnit.COUNT));
        }
    }

    static boolean rejectsTheFile(ReconciliationReport.FileError fileError) {
        return OrderFileError.named(fileError.error()).filter(THE_FILES_OWN::contains).isPresent();
    }

    void publish(ReconciliationReport report) {
        var counts = report.counts();
        boolean rejected = report.outcome() == ReconciliationReport.Outcome.FILE_FAILED && report.fileError() != null
                && rejectsTheFile(report.fileError());
        metrics.flush(m -> {
            m.addMetric(FILES_REJECTED, rejected ? 1 : 0, MetricUnit.COUNT);
            m.addMetric(ORDERS_READ, counts.read(), MetricUnit.COUNT);
            m.addMetric(ORDERS_STORED, counts.stored(), MetricUnit.COUNT);
            m.addMetric(ORDERS_PARKED, counts.parked(), MetricUnit.COUNT);
            m.addMetric(ORDERS_PARKED_BY_RECONCILER, counts.parkedByReconciler(), MetricUnit.COUNT);
            m.addMetric(ORDERS_UNACCOUNTED, counts.unaccounted(), MetricUnit.COUNT);
            m.addMetric(ORDERS_ALTERED, counts.altered(), MetricUnit.COUNT);
        });
    }
}
