package io.orderpipeline.local.cost;

import java.util.List;

/**
 * What a piece of work consumed, counted locally, in the units AWS bills.
 *
 * @param expressBilledGbSeconds each EXPRESS child's duration rounded up to 100 ms, times its memory (64 MB chunks)
 * @param functions               per-function Lambda use
 * @param dynamoDbWriteUnits      write request units (1 per KiB of item, started; failed conditional writes included)
 * @param sqsRequests             requests as SQS bills them (every 64 KiB of payload is one)
 */
public record Usage(long standardStateTransitions, long expressRequests, double expressBilledGbSeconds,
                    List<FunctionUsage> functions, long dynamoDbWriteUnits, long dynamoDbReadUnits, long sqsRequests,
                    long s3PutRequests, long s3GetRequests) {

    public record FunctionUsage(String name, String architecture, long invocations, double gbSeconds) {
        FunctionUsage plus(FunctionUsage other) {
            return new FunctionUsage(name, architecture, invocations + other.invocations, gbSeconds + other.gbSeconds);
        }
    }

    public long lambdaInvocations() {
        return functions.stream().mapToLong(FunctionUsage::invocations).sum();
    }

    /** Both usages together (functions merged by name). */
    public Usage plus(Usage other) {
        var merged = new java.util.TreeMap<String, FunctionUsage>();
        for (var f : functions) {
            merged.merge(f.name(), f, FunctionUsage::plus);
        }
        for (var f : other.functions) {
            merged.merge(f.name(), f, FunctionUsage::plus);
        }
        return new Usage(standardStateTransitions + other.standardStateTransitions, expressRequests + other.expressRequests,
                expressBilledGbSeconds + other.expressBilledGbSeconds, List.copyOf(merged.values()),
                dynamoDbWriteUnits + other.dynamoDbWriteUnits, dynamoDbReadUnits + other.dynamoDbReadUnits,
                sqsRequests + other.sqsRequests, s3PutRequests + other.s3PutRequests, s3GetRequests + other.s3GetRequests);
    }

    public static final Usage NONE = new Usage(0, 0, 0, List.of(), 0, 0, 0, 0, 0);
}
