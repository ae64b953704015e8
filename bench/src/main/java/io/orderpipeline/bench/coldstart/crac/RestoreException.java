package io.orderpipeline.bench.coldstart.crac;

/** Same shape as {@code jdk.crac.RestoreException}. */
public class RestoreException extends Exception {
}
