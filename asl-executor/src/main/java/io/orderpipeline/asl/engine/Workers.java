package io.orderpipeline.asl.engine;

import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** Runs numbered jobs on virtual threads, at most {@code limit} at once. */
public final class Workers {

    private Workers() {
    }

    /**
     * Runs {@code job.accept(i)} for i in [0, count), starting them in order; stops starting new jobs once
     * {@code stop} says so, and returns when every started job has ended. Jobs must handle their own failures.
     */
    public static void forEach(int count, int limit, IntConsumer job, BooleanSupplier stop) throws StatesError {
        if (count == 0) {
            return;
        }
        var permits = new Semaphore(Math.max(1, limit));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                permits.acquire();
                if (stop.getAsBoolean()) {
                    permits.release();
                    break;
                }
                int index = i;
                executor.execute(() -> {
                    try {
                        job.accept(index);
                    } finally {
                        permits.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "interrupted while running iterations");
        }
    }

    /** Where {@link #forEachOf} takes its jobs from, one at a time, on the dispatching thread. */
    @FunctionalInterface
    public interface Source<T> {
        /** The next job's input, or null when there is none. */
        T next() throws StatesError;
    }

    /**
     * Runs {@code job} on each input {@code source} gives, in order, at most {@code limit} at once; an input is taken
     * only once a job may start, so at most {@code limit} inputs are held. Stops taking inputs once {@code stop} says
     * so or the source fails, and returns (or rethrows the source's error) when every started job has ended. Jobs
     * must handle their own failures.
     */
    public static <T> void forEachOf(Source<T> source, int limit, Consumer<T> job, BooleanSupplier stop)
            throws StatesError {
        var permits = new Semaphore(Math.max(1, limit));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                permits.acquire();
                T input = stop.getAsBoolean() ? null : source.next();
                if (input == null) {
                    permits.release();
                    break;
                }
                executor.execute(() -> {
                    try {
                        job.accept(input);
                    } finally {
                        permits.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "interrupted while running iterations");
        }
    }
}
