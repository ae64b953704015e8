package io.orderpipeline.lambda.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.entities.Subsegment;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The only class that talks to X-Ray, shared by both functions. Subsegments are recorded when the invocation carries a trace header
 * (Lambda with active tracing); otherwise every call is a plain pass-through and the X-Ray recorder is never
 * created. Swapping in powertools-tracing 2.x later changes only this file.
 */
public final class Tracing {

    private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID";

    private final Supplier<AWSXRayRecorder> recorder;
    private final BooleanSupplier active;

    /** Lambda tracing: the global recorder, active when the runtime passed a trace header. */
    public static Tracing lambda() {
        return new Tracing(AWSXRay::getGlobalRecorder, Tracing::traceHeaderPresent);
    }

    public Tracing(Supplier<AWSXRayRecorder> recorder, BooleanSupplier active) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.active = Objects.requireNonNull(active, "active");
    }

    /** Runs {@code work} in a subsegment named {@code name}; an exception is recorded on it and rethrown. */
    public <T> T inSubsegment(String name, Supplier<T> work) {
        if (!active.getAsBoolean()) {
            return work.get();
        }
        AWSXRayRecorder xray = recorder.get();
        Subsegment subsegment = xray.beginSubsegment(name);
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            subsegment.addException(e);
            throw e;
        } finally {
            xray.endSubsegment();
        }
    }

    /** Adds a searchable annotation to the current subsegment (no-op when not tracing). */
    public void annotate(String key, String value) {
        if (active.getAsBoolean()) {
            recorder.get().getCurrentSubsegmentOptional().ifPresent(s -> s.putAnnotation(key, value));
        }
    }

    public void annotate(String key, Number value) {
        if (active.getAsBoolean()) {
            recorder.get().getCurrentSubsegmentOptional().ifPresent(s -> s.putAnnotation(key, value));
        }
    }

    private static boolean traceHeaderPresent() {
        String property = System.getProperty(TRACE_HEADER_PROPERTY);
        if (property != null && !property.isEmpty()) {
            return true;
        }
        String env = System.getenv(TRACE_HEADER_ENV);
        return env != null && !env.isEmpty();
    }
}
