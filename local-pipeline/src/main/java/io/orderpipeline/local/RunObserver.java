package io.orderpipeline.local;

import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what one execution did that its result does not say: records read by its Distributed Maps, child
 * executions by status and by type, and each EXPRESS child's duration rounded as Express billing rounds it (up to the
 * next 100 ms, https://aws.amazon.com/step-functions/pricing/).
 */
final class RunObserver implements ExecutionListener {
    private final ExecutionListener forward;
    private final AtomicLong itemsRead = new AtomicLong();
    private final AtomicLong childrenSucceeded = new AtomicLong();
    private final AtomicLong childrenFailed = new AtomicLong();
    private final AtomicLong billedChildMillis = new AtomicLong();
    private final AtomicLong expressChildren = new AtomicLong();
    private final AtomicLong standardChildren = new AtomicLong();
    /** Start time of each running EXPRESS child. */
    private final Map<String, Long> childStarts = new ConcurrentHashMap<>();

    RunObserver(ExecutionListener forward) {
        this.forward = forward;
    }

    long itemsRead() {
        return itemsRead.get();
    }

    long childrenSucceeded() {
        return childrenSucceeded.get();
    }

    long childrenFailed() {
        return childrenFailed.get();
    }

    /** EXPRESS children's durations, each rounded up to 100 ms. */
    long billedChildMillis() {
        return billedChildMillis.get();
    }

    long expressChildren() {
        return expressChildren.get();
    }

    long standardChildren() {
        return standardChildren.get();
    }

    @Override
    public void executionStarted(String executionArn, ExecutionType type, boolean child) {
        if (child && type == ExecutionType.EXPRESS) {
            expressChildren.incrementAndGet();
            childStarts.put(executionArn, System.nanoTime());
        } else if (child) {
            standardChildren.incrementAndGet();
        }
        forward.executionStarted(executionArn, type, child);
    }

    @Override
    public void executionFinished(String executionArn, ExecutionStatus status, boolean child) {
        if (child) {
            (status == ExecutionStatus.SUCCEEDED ? childrenSucceeded : childrenFailed).incrementAndGet();
            var started = childStarts.remove(executionArn);
            if (started != null) {
                var millis = (System.nanoTime() - started) / 1_000_000;
                billedChildMillis.addAndGet(Math.max(100, (millis + 99) / 100 * 100));
            }
        }
        forward.executionFinished(executionArn, status, child);
    }

    @Override
    public void stateEntered(String executionArn, String stateName) {
        forward.stateEntered(executionArn, stateName);
    }

    @Override
    public void retryScheduled(String executionArn, String stateName, String error, int retryCount, java.time.Duration delay) {
        forward.retryScheduled(executionArn, stateName, error, retryCount, delay);
    }

    @Override
    public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
        itemsRead.addAndGet(totalItems);
        forward.mapRunStarted(mapRunArn, stateName, totalItems, totalChildExecutions);
    }

    @Override
    public void childExecutionStarted(String mapRunArn, String childExecutionArn, int itemCount) {
        forward.childExecutionStarted(mapRunArn, childExecutionArn, itemCount);
    }

    @Override
    public void childExecutionFinished(String mapRunArn, String childExecutionArn, ExecutionStatus status, int itemCount,
                                       long itemsProcessed, long totalItems) {
        forward.childExecutionFinished(mapRunArn, childExecutionArn, status, itemCount, itemsProcessed, totalItems);
    }

    @Override
    public void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
        forward.mapRunFinished(mapRunArn, succeededItems, failedItems, failed);
    }
}
