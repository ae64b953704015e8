package io.orderpipeline.redrive.core;

import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.core.DeadLetterQueue.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Where each received message of a run ended: its count in the summary, one structured log line under its lineage as
 * correlation id, and — for a message left in the DLQ — a place among what the run holds invisible until it ends and
 * then makes visible again. A message that fails takes its copies and repeats with it ({@link RunMemory#failed}); one
 * that completes lets them go ({@link RunMemory#complete}).
 */
final class Outcomes {

    static final String CORRELATION_ID = "correlation_id";
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final RedriveSummary summary;
    private final RunMemory memory;
    /** receipt handle → the message, in the order they were held */
    private final Map<String, Handle> held = new LinkedHashMap<>();

    Outcomes(RedriveSummary summary, RunMemory memory) {
        this.summary = summary;
        this.memory = memory;
    }

    RedriveSummary summary() {
        return summary;
    }

    /** A message of the DLQ (not one of the run's own copies) was received. */
    void received() {
        summary.received++;
    }

    /** Kept invisible until the run ends, then made visible again. */
    void hold(ReceivedMessage message) {
        held.put(message.receiptHandle(), Handle.of(message));
    }

    List<Handle> held() {
        return List.copyOf(held.values());
    }

    void filteredOut(ReceivedMessage message) {
        summary.filteredOut++;
        hold(message);
    }

    void skipped(ReceivedMessage message, String why) {
        summary.skipped++;
        hold(message);
        line(message, null, "SKIPPED", null, RedriveAttributes.attempts(message), why);
    }

    /** The message stays in the DLQ for the next run, with its copies and repeats; the run goes on. */
    void error(ReceivedMessage message, String what, Exception e) {
        summary.errors++;
        memory.failed(message);
        hold(message);
        withCorrelation(message, () -> {
            if (e == null) {
                LOG.warn("message ERROR", entry("messageId", message.messageId()), entry("outcome", "ERROR"),
                        entry("detail", what));
            } else {
                LOG.warn("message ERROR", entry("messageId", message.messageId()), entry("outcome", "ERROR"),
                        entry("detail", what), e);
            }
        });
    }

    /** Receiving failed: the run stops. */
    void receiveFailed() {
        summary.errors++;
    }

    /** The original is deleted: the message ends as its write or copy says. */
    void finished(Done done) {
        memory.complete(done.message());
        switch (done.ending()) {
            case REDRIVEN -> summary.redriven++;
            case ALREADY_PRESENT -> {
                summary.redriven++;
                summary.alreadyPresent++;
            }
            case STILL_INVALID -> summary.stillInvalid(done.reason());
            case CONFLICT -> summary.conflicts++;
            case PARKED -> summary.parked++;
        }
        line(done.message(), done.orderId(), done.ending().name(), done.reason(), done.attempts(), null);
    }

    void collapsed(RunMemory.Collapsed collapsed) {
        ReceivedMessage message = collapsed.message();
        if (collapsed.repeat()) {
            summary.repeats++;
        } else {
            summary.duplicates++;
        }
        line(message, null, collapsed.repeat() ? "REPEAT" : "DUPLICATE", null, RedriveAttributes.attempts(message),
                collapsed.repeat() ? "a message of the same recordId was handled in this run"
                        : "another message of this lineage was handled in this run");
    }

    /** A collapsed message could not be deleted: it counts as an error instead. */
    void collapseFailed(RunMemory.Collapsed collapsed, String why) {
        if (collapsed.repeat()) {
            summary.repeats--;
        } else {
            summary.duplicates--;
        }
        error(collapsed.message(), "deleting a " + (collapsed.repeat() ? "repeat" : "duplicate") + " failed (" + why
                + "); it stays in the DLQ", null);
    }

    /**
     * A claim-check body whose message is gone could not be deleted: an object no message points to (nothing is lost:
     * the record is in the table or in the message that replaced it), logged with its location.
     */
    void bodyLeftBehind(ReceivedMessage message, ClaimChecks.Pointer pointer, RuntimeException e) {
        withCorrelation(message, () -> LOG.warn("deleting a claim-check body failed; no message points to it",
                entry("messageId", message.messageId()), entry("claimCheck", pointer.location()), e));
    }

    /** One structured line per message and outcome. */
    private static void line(ReceivedMessage message, String orderId, String outcome, ReasonCode reason, int attempts,
                             String detail) {
        withCorrelation(message, () -> LOG.info("message " + outcome,
                entry("messageId", message.messageId()), entry("orderId", orderId), entry("outcome", outcome),
                entry("reason", reason == null ? null : reason.name()), entry("redriveAttempts", attempts),
                entry("detail", detail)));
    }

    /** Log lines about one message carry its lineage id as the Powertools correlation id. */
    private static void withCorrelation(ReceivedMessage message, Runnable logging) {
        String previous = MDC.get(CORRELATION_ID);
        MDC.put(CORRELATION_ID, RedriveAttributes.lineageId(message));
        try {
            logging.run();
        } finally {
            if (previous == null) {
                MDC.remove(CORRELATION_ID);
            } else {
                MDC.put(CORRELATION_ID, previous);
            }
        }
    }
}
