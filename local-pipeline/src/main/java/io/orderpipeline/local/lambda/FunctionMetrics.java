package io.orderpipeline.local.lambda;

/**
 * What one function did, for the cost model.
 *
 * @param billedMillis the sum of each invocation's duration rounded up to the millisecond, as Lambda bills it
 */
public record FunctionMetrics(String functionName, int memoryMb, String architecture, long invocations, long errors,
                              long billedMillis) {

    public double gbSeconds() {
        return billedMillis / 1000.0 * memoryMb / 1024.0;
    }
}
