package io.orderpipeline.redrive.core;

import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.redrive.core.DeadLetterQueue.BatchResult;
import io.orderpipeline.redrive.core.DeadLetterQueue.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One redrive run over the DLQ (docs/redrive.md): batches are received until {@code maxMessages} matching messages are
 * handled, the time budget is spent or the queue is empty. Each batch goes through its steps in order ({@link Batch}):
 * collapse (copies of one lineage, repeats of one record, {@link RunMemory}) → claim-check bodies read → triage →
 * conditional puts → copies sent ({@link Replacements}) → originals deleted, then their bodies → collapsed messages
 * deleted once what they collapsed into is complete ({@link Removals}). Where each message ended is counted and logged
 * by {@link Outcomes}; what the run still holds when it ends is made visible again. While the run works, what it holds
 * is kept invisible in short windows by the queue's {@link DeadLetterQueue.Heartbeat}, so a killed run's messages come
 * back within one window.
 */
public final class Redriver {

    private static final Logger LOG = LoggerFactory.getLogger(Redriver.class);

    private final DeadLetterQueue queue;
    private final OrderTable table;
    private final ClaimChecks claimChecks;
    private final Triage triage;
    private final int maxAttempts;
    private final Tracing tracing;
    private final Clock clock;

    /** @param maxAttempts redrive attempts after which a message that still fails goes to the parking queue */
    public Redriver(DeadLetterQueue queue, OrderTable table, ClaimChecks claimChecks, Triage triage, int maxAttempts,
                    Tracing tracing, Clock clock) {
        this.queue = queue;
        this.table = table;
        this.claimChecks = claimChecks;
        this.triage = triage;
        this.maxAttempts = maxAttempts;
        this.tracing = tracing;
        this.clock = clock;
    }

    public RedriveSummary run(RedriveRequest request, Duration budget) {
        Instant start = clock.instant();
        Instant deadline = start.plus(budget);
        RunMemory memory = new RunMemory();
        Outcomes outcomes = new Outcomes(new RedriveSummary(request.dryRun()), memory);
        RedriveSummary summary = outcomes.summary();
        try (DeadLetterQueue.Heartbeat heartbeat = queue.heartbeat()) {
            Run run = new Run(queue, table, claimChecks, triage, maxAttempts, tracing, clock, request, heartbeat, memory,
                    outcomes);
            while (summary.handled() < request.maxMessages()) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    LOG.info("time budget reached; stopping");
                    break;
                }
                heartbeat.beatIfDue();
                int want = request.maxMessages() - summary.handled();
                List<ReceivedMessage> messages;
                try {
                    messages = tracing.inSubsegment("receive", () -> queue.receive(want));
                } catch (DeadLetterQueue.ReceiveFailed e) {
                    LOG.error("receiving from the DLQ failed; stopping", e.getCause() == null ? e : e.getCause());
                    outcomes.receiveFailed();
                    break;
                }
                if (messages.isEmpty()) {
                    break;
                }
                messages.forEach(m -> heartbeat.hold(m.receiptHandle()));
                new Batch(run).handle(messages);
            }
        } finally {
            // after the heartbeat stopped (closing it above), so no extension can overtake the release
            release(outcomes.held());
            summary.durationMillis = Duration.between(start, clock.instant()).toMillis();
        }
        return summary;
    }

    /** What the run still holds is visible again at once; what fails returns when its visibility window ends. */
    private void release(List<Handle> held) {
        if (held.isEmpty()) {
            return;
        }
        try {
            BatchResult result = queue.release(held);
            if (!result.failed().isEmpty()) {
                LOG.warn("{} message(s) could not be made visible again; they return when their visibility timeout "
                        + "ends", result.failed().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("making held messages visible again failed; they return when their visibility timeout ends", e);
        }
    }
}
