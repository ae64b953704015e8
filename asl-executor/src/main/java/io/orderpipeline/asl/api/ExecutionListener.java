package io.orderpipeline.asl.api;

import java.time.Duration;

/**
 * Observes executions (progress bars, cost counting). Called from worker threads, possibly concurrently; must be
 * thread-safe and quick. Exceptions thrown by a listener are ignored.
 */
public interface ExecutionListener {

    ExecutionListener NONE = new ExecutionListener() {
    };

    /** A top-level execution or a Distributed Map child started. */
    default void executionStarted(String executionArn, ExecutionType type, boolean child) {
    }

    /** A top-level execution or a Distributed Map child ended. */
    default void executionFinished(String executionArn, ExecutionStatus status, boolean child) {
    }

    /** A state was entered (every state transition). */
    default void stateEntered(String executionArn, String stateName) {
    }

    /** A Task, Parallel or Map state will be retried after {@code delay} (before time scaling). */
    default void retryScheduled(String executionArn, String stateName, String error, int retryCount, Duration delay) {
    }

    /**
     * A Distributed Map run read its items and is about to start children.
     *
     * @param totalItems           items read (after MaxItems)
     * @param totalChildExecutions children it will start (items, or batches with an ItemBatcher)
     */
    default void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
    }

    /** A Distributed Map child execution started, processing {@code itemCount} items. */
    default void childExecutionStarted(String mapRunArn, String childExecutionArn, int itemCount) {
    }

    /**
     * A Distributed Map child execution ended.
     *
     * @param itemsProcessed items of this map run whose child has ended so far (this child's included)
     * @param totalItems     items of this map run
     */
    default void childExecutionFinished(String mapRunArn, String childExecutionArn, ExecutionStatus status, int itemCount,
                                        long itemsProcessed, long totalItems) {
    }

    /** A Distributed Map run ended. */
    default void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
    }
}
