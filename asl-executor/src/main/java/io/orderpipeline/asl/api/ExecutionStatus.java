package io.orderpipeline.asl.api;

/** How an execution ended. */
public enum ExecutionStatus { SUCCEEDED, FAILED }
