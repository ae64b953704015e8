package io.orderpipeline.asl.engine;

import io.orderpipeline.asl.ExecutionResult;

/** A finished execution and how long it took. */
public record FinishedExecution(ExecutionResult result, long durationMillis) {
}
