package io.orderpipeline.redrive.aws;

import io.orderpipeline.redrive.core.DeadLetterQueue;
import io.orderpipeline.redrive.core.DeadLetterQueue.BatchResult;
import io.orderpipeline.redrive.core.DeadLetterQueue.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the DLQ messages a redrive run holds invisible in short windows, extended while the run works: the heartbeat
 * SQS recommends for a consumer that does not know how long it will need
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html: start with a
 * short visibility timeout and extend it with ChangeMessageVisibility as long as the consumer still works). Messages
 * are received with {@link #WINDOW}; every {@link #PERIOD} the run's held messages get a fresh window. A run that is
 * killed (a Lambda timeout, {@code kill -9} of {@code ./pipeline redrive}) stops beating, and what it held is visible
 * again within {@link #WINDOW} instead of the whole run's budget.
 * <p>
 * {@link #beatIfDue()} is called at the run's own safe points; with {@code background} a daemon thread also calls it
 * every second, so a single slow step (an SDK retrying a throttled put) cannot outlast the window. Closing stops
 * both: afterwards no extension can overtake the run's final release.
 */
public final class VisibilityHeartbeat implements DeadLetterQueue.Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(VisibilityHeartbeat.class);
    /** How long a received or extended message stays invisible. */
    public static final Duration WINDOW = Duration.ofSeconds(30);
    /** How often the held messages get a fresh window (a third of it: two beats may fail before one is late). */
    static final Duration PERIOD = Duration.ofSeconds(10);

    /** How held messages get a fresh window: the queue's ChangeMessageVisibilityBatch. */
    @FunctionalInterface
    interface Extension {
        BatchResult extend(List<Handle> handles, int visibilitySeconds);
    }

    private final Extension extension;
    private final Clock clock;
    private final Map<String, Handle> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private Instant lastBeat;
    private boolean stopped;

    VisibilityHeartbeat(Extension extension, Clock clock, boolean background) {
        this.extension = extension;
        this.clock = clock;
        this.lastBeat = clock.instant();
        if (background) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "redrive-visibility-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::beatIfDue, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    /** Receive with this visibility timeout. */
    static int windowSeconds() {
        return (int) WINDOW.toSeconds();
    }

    @Override
    public void hold(String receiptHandle) {
        held.put(receiptHandle, new Handle(receiptHandle, receiptHandle));
    }

    @Override
    public void forget(String receiptHandle) {
        held.remove(receiptHandle);
    }

    /** Extends every held message's visibility to a fresh {@link #WINDOW} if the last beat is {@link #PERIOD} old. */
    @Override
    public synchronized void beatIfDue() {
        if (stopped || Duration.between(lastBeat, clock.instant()).compareTo(PERIOD) < 0) {
            return;
        }
        lastBeat = clock.instant();
        List<Handle> handles = new ArrayList<>(held.values());
        if (handles.isEmpty()) {
            return;
        }
        try {
            BatchResult result = extension.extend(handles, windowSeconds());
            if (!result.failed().isEmpty()) {
                // e.g. a message whose window already ended and that another consumer received: it is theirs now
                LOG.warn("{} held message(s) could not be kept invisible: {}", result.failed().size(), result.failed().values());
            }
        } catch (RuntimeException e) {
            LOG.warn("extending the visibility of held messages failed; the next beat tries again", e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
