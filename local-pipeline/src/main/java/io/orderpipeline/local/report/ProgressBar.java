package io.orderpipeline.local.report;

import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStatus;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on stderr for Distributed Map runs with many items, redrawn at most 5 times a second. */
public final class ProgressBar implements ExecutionListener {
    private static final int WIDTH = 30;
    private static final long MIN_ITEMS = 1_000;

    private final PrintStream out;
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile long started;
    private volatile boolean active;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void mapRunStarted(String mapRunArn, String stateName, long totalItems, long totalChildExecutions) {
        active = totalItems >= MIN_ITEMS;
        started = System.nanoTime();
    }

    @Override
    public void childExecutionFinished(String mapRunArn, String childExecutionArn, ExecutionStatus status, int itemCount,
                                       long itemsProcessed, long totalItems) {
        if (!active) {
            return;
        }
        var now = System.nanoTime();
        var last = lastDraw.get();
        if (itemsProcessed < totalItems && now - last < 200_000_000L || !lastDraw.compareAndSet(last, now)) {
            return;
        }
        var filled = (int) (WIDTH * itemsProcessed / Math.max(1, totalItems));
        var seconds = (now - started) / 1e9;
        synchronized (out) {
            out.printf(Locale.ROOT, "\r[%s%s] %,d/%,d orders  %.1f s  %,.0f/s ", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    itemsProcessed, totalItems, seconds, itemsProcessed / Math.max(seconds, 0.001));
            out.flush();
        }
    }

    @Override
    public void mapRunFinished(String mapRunArn, long succeededItems, long failedItems, boolean failed) {
        if (active) {
            synchronized (out) {
                out.println();
            }
            active = false;
        }
    }
}
