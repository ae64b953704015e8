package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.redrive.ClaimChecks.Pointer;
import io.orderpipeline.redrive.OrderTable.WriteOutcome;
import io.orderpipeline.redrive.QueueClient.BatchResult;
import io.orderpipeline.redrive.QueueClient.Handle;
import io.orderpipeline.redrive.QueueClient.Outgoing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * One redrive run over the DLQ. Order of operations per received batch (docs/redrive.md, "Guarantees"):
 * collapse (copies of one lineage, repeats of one record) → claim-check bodies read from S3 → triage → conditional
 * puts → sends of replacement copies (DLQ or parking queue; a copy over SQS's limit re-offloaded to a new body) →
 * deletes of the originals whose put or send succeeded, then of their claim-check bodies → deletes of the collapsed
 * messages whose record is now handled, then of their bodies. A message is deleted only after its write or its
 * replacement is stored, and a body only after its message; everything else the run held is made visible again when
 * it ends. While the run works, what it holds is kept invisible in short windows by a {@link VisibilityHeartbeat}, so
 * a killed run's messages come back within that window.
 */
final class Redriver {

    private static final Logger LOG = LoggerFactory.getLogger(Redriver.class);
    static final String CORRELATION_ID = "correlation_id";
    static final int WAIT_SECONDS = 1;

    private final QueueClient queue;
    private final OrderTable table;
    private final Triage triage;
    private final ClaimChecks claimChecks;
    private final RedriveConfig config;
    private final Tracing tracing;
    private final Clock clock;
    private final boolean backgroundHeartbeat;

    /** @param backgroundHeartbeat whether a thread keeps the held messages invisible between the run's own beats */
    Redriver(QueueClient queue, OrderTable table, Triage triage, ClaimChecks claimChecks, RedriveConfig config,
             Tracing tracing, Clock clock, boolean backgroundHeartbeat) {
        this.backgroundHeartbeat = backgroundHeartbeat;
        this.queue = queue;
        this.table = table;
        this.triage = triage;
        this.claimChecks = claimChecks;
        this.config = config;
        this.tracing = tracing;
        this.clock = clock;
    }

    RedriveSummary run(RedriveRequest request, Duration budget) {
        return new Run(request, budget).execute();
    }

    /** How a handled message ends once its original is deleted. */
    private enum Outcome { REDRIVEN, ALREADY_PRESENT, STILL_INVALID, CONFLICT, PARKED }

    /**
     * A received message with the body it carries: its own, or the one its claim check points to ({@code pointer}
     * set: that object is deleted once the message is).
     */
    private record Incoming(Message message, String body, Pointer pointer) {
    }

    /** A message whose put or replacement succeeded; complete once the original is deleted. */
    private record Done(Incoming incoming, String orderId, Outcome outcome, ReasonCode reason, int attempts) {
        Message message() {
            return incoming.message();
        }
    }

    /** A replacement to send: the body as order-model models it (for its attributes) and as it is sent. */
    private record Copy(DlqMessage body, String text) {
    }

    /**
     * How one record fares in this run. Every message that is a copy of the one handled (same {@code lineageId}) or a
     * repeat of its record (same {@code recordId}) points to it; they are deleted once it is complete.
     */
    private static final class Handling {
        /** True once the handled message is gone and its write or replacement stored. */
        boolean complete;
    }

    /** A message collapsed into a record handled in this run: a copy of its lineage, or a repeat of its record. */
    private record Collapsed(Message message, Handling handling, boolean repeat) {
    }

    private final class Run {
        private final RedriveRequest request;
        private final Instant start;
        private final Instant deadline;
        private final RedriveSummary summary;
        /** Message ids of the copies this run sent to the DLQ: received again, they are left for the next run. */
        private final Set<String> ownCopies = new HashSet<>();
        /** Lineage → the handling of its message in this run. */
        private final Map<String, Handling> lineages = new HashMap<>();
        /** recordId → the handling of the one message of that record handled in this run (data-contracts.md §4). */
        private final Map<String, Handling> records = new HashMap<>();
        /** Messages this run keeps invisible until it ends; then they are released (made visible again). */
        private final Map<String, Handle> held = new LinkedHashMap<>();
        private final VisibilityHeartbeat heartbeat;

        Run(RedriveRequest request, Duration budget) {
            this.request = request;
            this.start = clock.instant();
            this.deadline = start.plus(budget);
            this.summary = new RedriveSummary(request.dryRun());
            this.heartbeat = new VisibilityHeartbeat(queue, config.dlqUrl(), clock, backgroundHeartbeat);
        }

        RedriveSummary execute() {
            try {
                while (summary.handled() < request.maxMessages()) {
                    Duration left = Duration.between(clock.instant(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        LOG.info("time budget reached; stopping");
                        break;
                    }
                    heartbeat.beatIfDue();
                    int visibility = VisibilityHeartbeat.windowSeconds();
                    int want = request.maxMessages() - summary.handled();
                    List<Message> messages;
                    try {
                        messages = tracing.inSubsegment("receive",
                                () -> queue.receive(config.dlqUrl(), want, visibility, WAIT_SECONDS));
                    } catch (SdkException e) {
                        LOG.error("receiving from the DLQ failed; stopping", e);
                        summary.errors++;
                        break;
                    }
                    if (messages.isEmpty()) {
                        break;
                    }
                    messages.forEach(m -> heartbeat.hold(m.receiptHandle()));
                    batch(messages);
                }
            } finally {
                heartbeat.close();
                releaseHeld();
                summary.durationMillis = Duration.between(start, clock.instant()).toMillis();
            }
            return summary;
        }

        private void batch(List<Message> messages) {
            Instant now = clock.instant();
            List<Collapsed> collapsed = new ArrayList<>();
            Map<Incoming, Triage.Passes> writes = new LinkedHashMap<>();
            Map<Incoming, Copy> resends = new LinkedHashMap<>();
            Map<Incoming, Copy> parks = new LinkedHashMap<>();
            Map<Incoming, Outcome> copyOutcome = new HashMap<>();

            for (Message m : messages) {
                if (ownCopies.contains(m.messageId())) {
                    hold(m);
                    continue;
                }
                summary.received++;
                Handling copyOf = lineages.get(RedriveAttributes.lineageId(m));
                if (copyOf != null) {
                    collapsed.add(new Collapsed(m, copyOf, false));
                    continue;
                }
                String recordId = RedriveAttributes.recordId(m);
                Handling repeatOf = recordId == null ? null : records.get(recordId);
                if (repeatOf != null) {
                    collapsed.add(new Collapsed(m, repeatOf, true));
                    continue;
                }
                if (ClaimChecks.isClaimCheck(m) && !Triage.matchesAttributes(m, request)) {
                    // not worth an S3 read: the attributes say it is not asked for
                    summary.filteredOut++;
                    hold(m);
                    continue;
                }
                Incoming in = read(m);
                if (in == null) {
                    continue;
                }
                heartbeat.beatIfDue();
                Triage.Decision decision;
                try {
                    decision = tracing.inSubsegment("validate", () -> triage.decide(m, in.body(), request, now));
                } catch (RuntimeException e) {
                    // one message the model cannot handle must not stop the others
                    error(m, "triage failed; the message stays in the DLQ", e);
                    continue;
                }
                switch (decision) {
                    case Triage.FilteredOut ignored -> {
                        summary.filteredOut++;
                        hold(m);
                    }
                    case Triage.Skipped skipped -> {
                        skipped(m, skipped.why());
                        // later messages of the record (a bad file uploaded again: its FILE messages share the
                        // file's recordId) are repeats of this one, held with it, not records of their own
                        if (recordId != null) {
                            records.putIfAbsent(recordId, new Handling());
                        }
                    }
                    case Triage.Passes passes -> {
                        handling(m);
                        writes.put(in, passes);
                    }
                    case Triage.StillInvalid invalid -> {
                        handling(m);
                        replace(in, new Copy(invalid.refreshed(),
                                        Triage.copyBody(invalid.original(), invalid.refreshed())),
                                Outcome.STILL_INVALID, resends, parks, copyOutcome);
                    }
                }
            }

            List<Done> toDelete = new ArrayList<>();
            writes.forEach((in, passes) -> {
                heartbeat.beatIfDue();
                write(in, passes, toDelete, resends, parks, copyOutcome);
            });
            heartbeat.beatIfDue();
            send(config.dlqUrl(), resends, copyOutcome, toDelete, true);
            send(config.parkingQueueUrl(), parks, copyOutcome, toDelete, false);
            heartbeat.beatIfDue();
            delete(toDelete);
            collapse(collapsed);
        }

        /**
         * The message with its body: its own, or its claim check's from S3. Null when it cannot be had: a claim check
         * that cannot be followed is skipped, an S3 failure is an error; either way the message stays as it is.
         */
        private Incoming read(Message m) {
            ClaimChecks.Body body;
            try {
                body = claimChecks.read(m);
            } catch (RuntimeException e) {
                error(m, "reading its claim-check body from S3 failed; the message stays in the DLQ", e);
                return null;
            }
            return switch (body) {
                case ClaimChecks.Inline inline -> new Incoming(m, inline.text(), null);
                case ClaimChecks.Fetched fetched -> new Incoming(m, fetched.text(), fetched.pointer());
                case ClaimChecks.Unusable unusable -> {
                    skipped(m, unusable.why());
                    yield null;
                }
            };
        }

        private void skipped(Message m, String why) {
            summary.skipped++;
            hold(m);
            outcome(m, null, "SKIPPED", null, RedriveAttributes.attempts(m), why);
        }

        /** The message is handled in this run: copies of its lineage and repeats of its record collapse into it. */
        private void handling(Message m) {
            Handling handling = new Handling();
            lineages.put(RedriveAttributes.lineageId(m), handling);
            String recordId = RedriveAttributes.recordId(m);
            if (recordId != null) {
                records.putIfAbsent(recordId, handling);
            }
        }

        private void write(Incoming in, Triage.Passes passes, List<Done> toDelete, Map<Incoming, Copy> resends,
                           Map<Incoming, Copy> parks, Map<Incoming, Outcome> copyOutcome) {
            Message m = in.message();
            WriteOutcome outcome;
            try {
                outcome = tracing.inSubsegment("write",
                        () -> request.dryRun() ? table.predict(passes.item()) : table.put(passes.item()));
            } catch (RuntimeException e) {
                // throttling or a service error after the SDK's retries: the message stays for the next run
                error(m, "put failed; the message stays in the DLQ", e);
                return;
            }
            switch (outcome) {
                case WRITTEN -> toDelete.add(new Done(in, passes.body().orderId(), Outcome.REDRIVEN, null,
                        RedriveAttributes.attempts(m)));
                case ALREADY_PRESENT -> toDelete.add(new Done(in, passes.body().orderId(), Outcome.ALREADY_PRESENT,
                        null, RedriveAttributes.attempts(m)));
                case CONFLICT -> {
                    String orderId = passes.item().path("orderId").path("S").asText();
                    DlqMessage conflict = Triage.conflict(passes.body(), orderId);
                    replace(in, new Copy(conflict, Triage.copyBody(passes.original(), conflict)), Outcome.CONFLICT,
                            resends, parks, copyOutcome);
                }
            }
        }

        /** A message that still fails goes back to the DLQ with one more attempt, or, at the limit, to parking. */
        private void replace(Incoming in, Copy copy, Outcome outcome, Map<Incoming, Copy> resends,
                             Map<Incoming, Copy> parks, Map<Incoming, Outcome> copyOutcome) {
            int attempts = RedriveAttributes.attempts(in.message()) + 1;
            copyOutcome.put(in, attempts >= config.maxAttempts() ? Outcome.PARKED : outcome);
            (attempts >= config.maxAttempts() ? parks : resends).put(in, copy);
        }

        /**
         * Sends the copies through the extended client: one over SQS's limit gets a new body object of its own (the
         * original's body is deleted with the original), so a message never shares its body with another.
         */
        private void send(String queueUrl, Map<Incoming, Copy> copies, Map<Incoming, Outcome> copyOutcome,
                          List<Done> toDelete, boolean toDlq) {
            if (copies.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            Map<String, Incoming> byId = new HashMap<>();
            List<Outgoing> outgoing = new ArrayList<>();
            copies.forEach((in, copy) -> {
                Message m = in.message();
                byId.put(m.messageId(), in);
                int attempts = RedriveAttributes.attempts(m) + 1;
                outgoing.add(new Outgoing(m.messageId(), copy.text(),
                        RedriveAttributes.forCopy(m, copy.body(), attempts, toDlq ? null : now)));
            });
            if (request.dryRun()) {
                copies.keySet().forEach(in -> toDelete.add(replaced(in, copies.get(in).body(), copyOutcome.get(in))));
                return;
            }
            BatchResult result = queue.send(queueUrl, outgoing);
            result.succeeded().forEach((originalId, newId) -> {
                Incoming in = byId.get(originalId);
                if (toDlq) {
                    ownCopies.add(newId);
                }
                toDelete.add(replaced(in, copies.get(in).body(), copyOutcome.get(in)));
            });
            result.failed().forEach((originalId, why) ->
                    error(byId.get(originalId).message(), "sending its replacement failed (" + why
                            + "); the message stays in the DLQ", null));
        }

        private static Done replaced(Incoming in, DlqMessage body, Outcome outcome) {
            return new Done(in, body.orderId(), outcome, body.primaryReason(),
                    RedriveAttributes.attempts(in.message()) + 1);
        }

        private void delete(List<Done> toDelete) {
            if (toDelete.isEmpty()) {
                return;
            }
            if (request.dryRun()) {
                toDelete.forEach(done -> {
                    hold(done.message());
                    finish(done);
                });
                return;
            }
            Map<String, Done> byReceipt = new HashMap<>();
            List<Handle> handles = new ArrayList<>();
            for (Done done : toDelete) {
                byReceipt.put(done.message().receiptHandle(), done);
                handles.add(handle(done.message()));
            }
            BatchResult result = queue.delete(config.dlqUrl(), handles);
            result.succeeded().keySet().forEach(receipt -> {
                heartbeat.forget(receipt);
                Done done = byReceipt.get(receipt);
                finish(done);
                deleteBody(done.message(), done.incoming().pointer());
            });
            result.failed().forEach((receipt, why) -> error(byReceipt.get(receipt).message(), "deleting the original failed ("
                    + why + "); it stays in the DLQ and the next run repeats its idempotent step", null));
        }

        private void finish(Done done) {
            Message m = done.message();
            lineages.computeIfAbsent(RedriveAttributes.lineageId(m), lineage -> new Handling()).complete = true;
            switch (done.outcome()) {
                case REDRIVEN -> summary.redriven++;
                case ALREADY_PRESENT -> {
                    summary.redriven++;
                    summary.alreadyPresent++;
                }
                case STILL_INVALID -> summary.stillInvalid(done.reason());
                case CONFLICT -> summary.conflicts++;
                case PARKED -> summary.parked++;
            }
            outcome(m, done.orderId(), done.outcome().name(), done.reason(), done.attempts(), null);
        }

        /**
         * Messages collapsed into a record this run handled: a copy of its lineage (a crash between a send and a
         * delete, a duplicate delivery) or a repeat of its record (a re-upload, a record parked twice). Each is
         * deleted - then its claim-check body - only once that handling is complete, so the last message of a
         * record is never the one removed; otherwise it is left for the next run.
         */
        private void collapse(List<Collapsed> collapsed) {
            List<Handle> removable = new ArrayList<>();
            Map<String, Collapsed> byKey = new HashMap<>();
            for (Collapsed c : collapsed) {
                Message m = c.message();
                if (c.repeat()) {
                    summary.repeats++;
                } else {
                    summary.duplicates++;
                }
                outcome(m, null, c.repeat() ? "REPEAT" : "DUPLICATE", null, RedriveAttributes.attempts(m),
                        c.repeat() ? "a message of the same recordId was handled in this run"
                                : "another message of this lineage was handled in this run");
                if (!request.dryRun() && c.handling().complete) {
                    // one key per receipt: the same message id can be delivered twice
                    String key = m.messageId() + "#" + removable.size();
                    byKey.put(key, c);
                    removable.add(new Handle(key, m.receiptHandle()));
                } else {
                    hold(m);
                }
            }
            if (removable.isEmpty()) {
                return;
            }
            BatchResult result = queue.delete(config.dlqUrl(), removable);
            result.succeeded().keySet().forEach(key -> {
                Message m = byKey.get(key).message();
                heartbeat.forget(m.receiptHandle());
                if (ClaimChecks.isClaimCheck(m)) {
                    Pointer pointer;
                    try {
                        pointer = claimChecks.pointer(m).orElse(null);
                    } catch (RuntimeException e) {
                        pointer = null;
                    }
                    deleteBody(m, pointer);
                }
            });
            result.failed().forEach((key, why) -> {
                Collapsed c = byKey.get(key);
                if (c.repeat()) {
                    summary.repeats--;
                } else {
                    summary.duplicates--;
                }
                error(c.message(), "deleting a " + (c.repeat() ? "repeat" : "duplicate") + " failed (" + why
                        + "); it stays in the DLQ", null);
            });
        }

        /**
         * Deletes the claim-check body of a message that is gone. A failure leaves an object no message points to
         * (nothing is lost: the record is in the table or in the message that replaced it); it is logged with its key.
         */
        private void deleteBody(Message m, Pointer pointer) {
            if (pointer == null) {
                return;
            }
            try {
                claimChecks.delete(pointer);
            } catch (RuntimeException e) {
                withCorrelation(m, () -> LOG.warn("deleting a claim-check body failed; no message points to it",
                        entry("messageId", m.messageId()), entry("claimCheck", pointer.location()), e));
            }
        }

        private void error(Message m, String what, Exception e) {
            summary.errors++;
            // copies and repeats of a message that failed are left for the next run, with it
            Handling failed = lineages.computeIfAbsent(RedriveAttributes.lineageId(m), lineage -> new Handling());
            String recordId = RedriveAttributes.recordId(m);
            if (recordId != null) {
                records.putIfAbsent(recordId, failed);
            }
            hold(m);
            withCorrelation(m, () -> {
                if (e == null) {
                    LOG.warn("message ERROR", entry("messageId", m.messageId()), entry("outcome", "ERROR"),
                            entry("detail", what));
                } else {
                    LOG.warn("message ERROR", entry("messageId", m.messageId()), entry("outcome", "ERROR"),
                            entry("detail", what), e);
                }
            });
        }

        private void hold(Message m) {
            held.put(m.receiptHandle(), handle(m));
        }

        private void releaseHeld() {
            if (held.isEmpty()) {
                return;
            }
            try {
                BatchResult result = queue.release(config.dlqUrl(), List.copyOf(held.values()));
                if (!result.failed().isEmpty()) {
                    LOG.warn("{} message(s) could not be made visible again; they return when their visibility "
                            + "timeout ends", result.failed().size());
                }
            } catch (RuntimeException e) {
                LOG.warn("making held messages visible again failed; they return when their visibility timeout ends",
                        e);
            }
        }

        private static Handle handle(Message m) {
            return new Handle(m.receiptHandle(), m.receiptHandle());
        }
    }

    /** One structured line per message and outcome, under the message's lineage as correlation id. */
    private static void outcome(Message m, String orderId, String outcome, ReasonCode reason, int attempts,
                                String detail) {
        withCorrelation(m, () -> LOG.info("message " + outcome,
                entry("messageId", m.messageId()), entry("orderId", orderId), entry("outcome", outcome),
                entry("reason", reason == null ? null : reason.name()), entry("redriveAttempts", attempts),
                entry("detail", detail)));
    }

    /** Log lines about one message carry its lineage id as the Powertools correlation id. */
    private static void withCorrelation(Message m, Runnable logging) {
        String previous = MDC.get(CORRELATION_ID);
        MDC.put(CORRELATION_ID, RedriveAttributes.lineageId(m));
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
