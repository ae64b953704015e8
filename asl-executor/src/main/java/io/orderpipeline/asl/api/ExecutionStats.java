package io.orderpipeline.asl.api;

import java.util.Map;

/**
 * What an execution consumed, the inputs of a cost estimate. Counting rules: see docs/asl-executor.md.
 *
 * @param stateTransitions      states entered by this execution (incl. states inside Parallel branches and inline Map
 *                              iterations) plus one per retry attempt
 * @param historyEvents         events this execution wrote to its own history (children have their own)
 * @param childExecutions       child workflow executions started by Distributed Map states (at any depth)
 * @param childStateTransitions state transitions of those children
 * @param childDurationMillis   summed wall-clock duration of those children (EXPRESS is billed by duration)
 * @param mapRuns               Distributed Map runs (at any depth)
 * @param taskCallsByResource   Task invocations per resource, retries included, children included
 */
public record ExecutionStats(long stateTransitions, long historyEvents, long childExecutions, long childStateTransitions,
                             long childDurationMillis, long mapRuns, Map<String, Long> taskCallsByResource) {

    public ExecutionStats {
        taskCallsByResource = Map.copyOf(taskCallsByResource);
    }
}
