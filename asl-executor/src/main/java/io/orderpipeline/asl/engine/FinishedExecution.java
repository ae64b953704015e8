package io.orderpipeline.asl.engine;

import io.orderpipeline.asl.api.ExecutionResult;

/** A finished execution and how long it took. */
public record FinishedExecution(ExecutionResult result, long durationMillis) {
}
