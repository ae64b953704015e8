package io.orderpipeline.local.report;

import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machine's retries after a throttling error ({@code DynamoDB.ThrottlingException},
 * {@code …ProvisionedThroughputExceededException}, {@code …RequestLimitExceeded}), seen through the executor's
 * {@code retryScheduled}; passes every event on to the next listener.
 */
public final class ThrottleCounts {

    private final AtomicLong retries = new AtomicLong();

    /** Whether an error name is one of DynamoDB's throttling errors. */
    public static boolean throttling(String error) {
        return error != null && (error.contains("Throttling") || error.contains("ProvisionedThroughputExceeded")
                || error.contains("RequestLimitExceeded"));
    }

    /** State-machine retries after a throttling error so far. */
    public long retries() {
        return retries.get();
    }

    /** A listener counting into this, then telling {@code next}. */
    public ExecutionListener around(ExecutionListener next) {
        return new ExecutionListener() {
            @Override
            public void executionStarted(String executionArn, ExecutionType type, boolean child) {
                next.executionStarted(executionArn, type, child);
            }

            @Override
            public void executionFinished(String executionArn, ExecutionStatus status, boolean child) {
                next.executionFinished(executionArn, status, child);
            }

            @Override
            public void stateEntered(String executionArn, String stateName) {
                next.stateEntered(executionArn, stateName);
            }

            @Override
            public void retryScheduled(String executionArn, String stateName, String error, int retryCount,
                                       Duration delay) {
                if (throttling(error)) {
                    retries.incrementAndGet();
                }
                next.retryScheduled(executionArn, stateName, error, retryCount, delay);
            }

            @Override
            public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
                next.mapRunStarted(mapRunArn, stateName, totalItems, totalChildExecutions);
            }

            @Override
            public void childExecutionStarted(String mapRunArn, String childExecutionArn, int itemCount) {
                next.childExecutionStarted(mapRunArn, childExecutionArn, itemCount);
            }

            @Override
            public void childExecutionFinished(String mapRunArn, String childExecutionArn, ExecutionStatus status,
                                               int itemCount, long itemsProcessed, long totalItems) {
                next.childExecutionFinished(mapRunArn, childExecutionArn, status, itemCount, itemsProcessed, totalItems);
            }

            @Override
            public void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
                next.mapRunFinished(mapRunArn, succeededItems, failedItems, failed);
            }
        };
    }

    /**
     * What a run met of the tables' write capacity.
     *
     * @param unitsPerSecond        the capacity of each table and index
     * @param peakDemand            the most units one table or index was asked for within a second (so far: the
     *                              serve's peak, not only this run's)
     * @param writeRequests         write requests the tables received (every client)
     * @param throttled             of them, answered with a throttling error
     * @param metByStateMachine     throttling errors the state machine's {@code dynamodb:} tasks received
     * @param stateMachineRetries   retries its {@code Retry} scheduled after them
     */
    public record Run(double unitsPerSecond, long peakDemand, long writeRequests, long throttled,
                      long metByStateMachine, long stateMachineRetries) {

        /** What happened between {@code before} and this. */
        public Run since(Run before) {
            return new Run(unitsPerSecond, peakDemand, writeRequests - before.writeRequests, throttled - before.throttled,
                    metByStateMachine - before.metByStateMachine, stateMachineRetries - before.stateMachineRetries);
        }

        /** Throttling errors the functions' SDK clients met (and retried by themselves, with the SDK's backoff). */
        public long metByFunctions() {
            return Math.max(0, throttled - metByStateMachine);
        }

        public String line() {
            return String.format(Locale.ROOT, "Throttled         %,d of %,d write requests over %,.0f write units/s per table"
                    + " and index (peak demand %,d units/s; ThrottlingException): %,d met the state machine's puts (%,d"
                    + " retried by its Retry, %,d caught), %,d the functions' SDK clients (retried by the SDK)", throttled,
                    writeRequests, unitsPerSecond, peakDemand, metByStateMachine,
                    Math.min(stateMachineRetries, metByStateMachine), Math.max(0, metByStateMachine - stateMachineRetries),
                    metByFunctions());
        }
    }
}
