package io.orderpipeline.asl.api;

/** Step Functions workflow types: STANDARD has the 25,000-event history limit, EXPRESS has none. */
public enum ExecutionType { STANDARD, EXPRESS }
