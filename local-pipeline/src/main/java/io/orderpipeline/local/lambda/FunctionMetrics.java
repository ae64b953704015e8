package io.orderpipeline.local.lambda;

import java.util.Set;

/**
 * What one function did, for the cost model.
 *
 * @param billedMillis  the sum of each invocation's duration rounded up to the millisecond, as Lambda bills it
 * @param logEvents     log events it sent to CloudWatch Logs at its log level (Lambda's own lines included)
 * @param logBytes      their size as CloudWatch Logs ingests them
 * @param customMetrics the EMF metrics it published (namespace, name, dimensions)
 */
public record FunctionMetrics(String functionName, int memoryMb, String architecture, long invocations, long errors,
                              long billedMillis, long logEvents, long logBytes, Set<String> customMetrics) {

    public FunctionMetrics {
        customMetrics = Set.copyOf(customMetrics);
    }

    public double gbSeconds() {
        return billedMillis / 1000.0 * memoryMb / 1024.0;
    }
}
