package io.orderpipeline.asl.spi;

import java.time.Duration;

/**
 * What a task integration may know about the call.
 *
 * @param executionArn the execution (an EXPRESS child's own ARN inside a Distributed Map)
 * @param stateName    the Task state's name
 * @param attempt      1 for the first try, 2 for the first retry, …
 * @param timeout      the Task's TimeoutSeconds, or null when none is set
 */
public record TaskContext(String executionArn, String stateName, int attempt, Duration timeout) {
}
