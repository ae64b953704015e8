package io.orderpipeline.asl.api;

import java.time.Duration;

/** Waits for Wait states and Retry back-off; replaceable so tests never sleep. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
