package io.orderpipeline.asl;

/** How an execution ended. */
public enum ExecutionStatus { SUCCEEDED, FAILED }
