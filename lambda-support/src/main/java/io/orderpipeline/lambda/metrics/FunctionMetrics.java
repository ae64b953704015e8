package io.orderpipeline.lambda.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A function's CloudWatch metrics as EMF lines through Powertools, in the function's namespace: the {@code ColdStart}
 * metric every function emits, and the documents of one invocation. Powertools keeps one metrics object per JVM, so
 * the namespace is set on every use and each invocation flushes documents of its own ({@code flushMetrics},
 * {@code flushSingleMetric}): in-process invocations of several functions (the local pipeline) never mix their counts.
 */
public final class FunctionMetrics {

    private final Metrics metrics;
    private final String namespace;

    public FunctionMetrics(String namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.metrics = MetricsFactory.getMetricsInstance();
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Emits {@code ColdStart} on the container's first invocation. Call it before Powertools' logging runs: that marks
     * the cold start as done.
     */
    public void captureColdStart(Context context) {
        metrics.setNamespace(namespace);
        metrics.captureColdStartMetric(context);
    }

    /** One EMF document of its own, with the metrics {@code document} adds. */
    public void flush(Consumer<Metrics> document) {
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            document.accept(m);
        });
    }

    /** One metric with its own dimensions, in a document of its own. */
    public void flushSingle(String name, double value, MetricUnit unit, DimensionSet dimensions) {
        metrics.flushSingleMetric(name, value, unit, namespace, dimensions);
    }
}
