package io.orderpipeline.asl.engine;

import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.Sleeper;
import io.orderpipeline.asl.spi.ObjectStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * What every execution of one executor shares.
 *
 * @param timeScale         multiplies Wait and Retry delays; 0 never sleeps
 * @param inlineMapCap      concurrency of an inline Map with MaxConcurrency 0 (AWS runs up to 40 iterations at once)
 * @param distributedMapCap concurrency of a Distributed Map with MaxConcurrency 0
 * @param spoolDirectory    where a Distributed Map keeps its child inputs and result files while it runs
 */
public record EngineSettings(ObjectStore objectStore, double timeScale, Clock clock, ExecutionListener listener,
                             Sleeper sleeper, RandomGenerator random, int inlineMapCap, int distributedMapCap,
                             Path spoolDirectory) {
}
