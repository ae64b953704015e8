package io.orderpipeline.asl.support;

import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what a listener was told. */
public final class RecordingListener implements ExecutionListener {

    public record Retry(String stateName, String error, int retryCount, Duration delay) {
    }

    public record MapRun(String mapRunArn, String stateName, long totalItems, long totalChildren) {
    }

    public record ChildFinished(String mapRunArn, String childArn, ExecutionStatus status, int itemCount,
                                long itemsProcessed, long totalItems) {
    }

    public final List<Retry> retries = new CopyOnWriteArrayList<>();
    public final List<MapRun> mapRuns = new CopyOnWriteArrayList<>();
    public final List<String> childrenStarted = new CopyOnWriteArrayList<>();
    public final List<ChildFinished> childrenFinished = new CopyOnWriteArrayList<>();
    public final List<String> statesEntered = new CopyOnWriteArrayList<>();

    @Override
    public void retryScheduled(String executionArn, String stateName, String error, int retryCount, Duration delay) {
        retries.add(new Retry(stateName, error, retryCount, delay));
    }

    @Override
    public void stateEntered(String executionArn, String stateName) {
        statesEntered.add(stateName);
    }

    @Override
    public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
        mapRuns.add(new MapRun(mapRunArn, stateName, totalItems, totalChildExecutions));
    }

    @Override
    public void childExecutionStarted(String mapRunArn, String childExecutionArn, int itemCount) {
        childrenStarted.add(childExecutionArn);
    }

    @Override
    public void childExecutionFinished(String mapRunArn, String childExecutionArn, ExecutionStatus status, int itemCount,
                                       long itemsProcessed, long totalItems) {
        childrenFinished.add(new ChildFinished(mapRunArn, childExecutionArn, status, itemCount, itemsProcessed, totalItems));
    }

    @Override
    public void executionStarted(String executionArn, ExecutionType type, boolean child) {
    }
}
