package io.orderpipeline.redrive;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Subsegment;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place that knows about X-Ray (Powertools tracing 2.x does not resolve here; swapping it in is a change
 * to this class only). Outside Lambda (the in-process local pipeline, tests) it only runs the work.
 */
final class Tracing {

    private final boolean enabled;

    Tracing(boolean enabled) {
        this.enabled = enabled;
    }

    /** Traces only inside Lambda, where the runtime provides the segment the subsegments hang from. */
    static Tracing fromEnvironment(Map<String, String> env) {
        return new Tracing(env.containsKey("AWS_LAMBDA_FUNCTION_NAME") && env.containsKey("_X_AMZN_TRACE_ID"));
    }

    static Tracing disabled() {
        return new Tracing(false);
    }

    <T> T subsegment(String name, Supplier<T> work) {
        if (!enabled) {
            return work.get();
        }
        Subsegment subsegment = begin(name);
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (subsegment != null) {
                subsegment.addException(e);
            }
            throw e;
        } finally {
            if (subsegment != null) {
                end(subsegment);
            }
        }
    }

    // a tracing failure must never fail a redrive
    private static Subsegment begin(String name) {
        try {
            return AWSXRay.beginSubsegment(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void end(Subsegment subsegment) {
        try {
            AWSXRay.endSubsegment(subsegment);
        } catch (RuntimeException ignored) {
            // see begin
        }
    }
}
