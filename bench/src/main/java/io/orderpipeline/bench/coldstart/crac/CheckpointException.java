package io.orderpipeline.bench.coldstart.crac;

/** Same shape as {@code jdk.crac.CheckpointException}. */
public class CheckpointException extends Exception {
}
