package io.orderpipeline.redrive;

import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
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
 * triage → conditional puts → sends of replacement copies (DLQ or parking queue) → deletes of the originals whose put
 * or send succeeded. A message is deleted only after its write or its replacement is stored; everything else it
 * held is made visible again when the run ends. While the run works, what it holds is kept invisible in short windows
 * by a {@link VisibilityHeartbeat}, so a killed run's messages come back within that window.
 */
final class Redriver {

    private static final Logger LOG = LoggerFactory.getLogger(Redriver.class);
    static final String CORRELATION_ID = "correlation_id";
    static final int WAIT_SECONDS = 1;

    private final QueueClient queue;
    private final OrderTable table;
    private final Triage triage;
    private final RedriveConfig config;
    private final Tracing tracing;
    private final Clock clock;
    private final boolean backgroundHeartbeat;

    /** @param backgroundHeartbeat whether a thread keeps the held messages invisible between the run's own beats */
    Redriver(QueueClient queue, OrderTable table, Triage triage, RedriveConfig config, Tracing tracing, Clock clock,
             boolean backgroundHeartbeat) {
        this.backgroundHeartbeat = backgroundHeartbeat;
        this.queue = queue;
        this.table = table;
        this.triage = triage;
        this.config = config;
        this.tracing = tracing;
        this.clock = clock;
    }

    RedriveSummary run(RedriveRequest request, Duration budget) {
        return new Run(request, budget).execute();
    }

    /** How a handled message ends once its original is deleted. */
    private enum Outcome { REDRIVEN, ALREADY_PRESENT, STILL_INVALID, CONFLICT, PARKED }

    /** A message whose put or replacement succeeded; complete once the original is deleted. */
    private record Done(Message message, String orderId, Outcome outcome, ReasonCode reason, int attempts) {
    }

    private final class Run {
        private final RedriveRequest request;
        private final Instant start;
        private final Instant deadline;
        private final RedriveSummary summary;
        /** Message ids of the copies this run sent to the DLQ: received again, they are left for the next run. */
        private final Set<String> ownCopies = new HashSet<>();
        /** Lineage → true once its message is gone and its write or replacement stored; false if that failed. */
        private final Map<String, Boolean> lineages = new HashMap<>();
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
            List<Message> duplicates = new ArrayList<>();
            Map<Message, Triage.Passes> writes = new LinkedHashMap<>();
            Map<Message, DlqMessage> resends = new LinkedHashMap<>();
            Map<Message, DlqMessage> parks = new LinkedHashMap<>();
            Map<Message, Outcome> copyOutcome = new HashMap<>();

            for (Message m : messages) {
                if (ownCopies.contains(m.messageId())) {
                    hold(m);
                    continue;
                }
                summary.received++;
                String lineage = RedriveAttributes.lineageId(m);
                if (lineages.containsKey(lineage)) {
                    duplicates.add(m);
                    continue;
                }
                Triage.Decision decision;
                try {
                    decision = tracing.inSubsegment("validate", () -> triage.decide(m, request, now));
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
                        summary.skipped++;
                        hold(m);
                        outcome(m, null, "SKIPPED", null, RedriveAttributes.attempts(m), skipped.why());
                    }
                    case Triage.Passes passes -> {
                        lineages.put(lineage, false);
                        writes.put(m, passes);
                    }
                    case Triage.StillInvalid invalid -> {
                        lineages.put(lineage, false);
                        replace(m, invalid.refreshed(), Outcome.STILL_INVALID, resends, parks, copyOutcome);
                    }
                }
            }

            List<Done> toDelete = new ArrayList<>();
            writes.forEach((m, passes) -> {
                heartbeat.beatIfDue();
                write(m, passes, now, toDelete, resends, parks, copyOutcome);
            });
            heartbeat.beatIfDue();
            send(config.dlqUrl(), resends, copyOutcome, toDelete, true);
            send(config.parkingQueueUrl(), parks, copyOutcome, toDelete, false);
            heartbeat.beatIfDue();
            delete(toDelete);
            duplicates(duplicates);
        }

        private void write(Message m, Triage.Passes passes, Instant now, List<Done> toDelete,
                           Map<Message, DlqMessage> resends, Map<Message, DlqMessage> parks,
                           Map<Message, Outcome> copyOutcome) {
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
                case WRITTEN -> toDelete.add(new Done(m, passes.body().orderId(), Outcome.REDRIVEN, null,
                        RedriveAttributes.attempts(m)));
                case ALREADY_PRESENT -> toDelete.add(new Done(m, passes.body().orderId(), Outcome.ALREADY_PRESENT, null,
                        RedriveAttributes.attempts(m)));
                case CONFLICT -> {
                    String orderId = passes.item().path("orderId").path("S").asText();
                    replace(m, Triage.conflict(passes.body(), orderId), Outcome.CONFLICT, resends, parks,
                            copyOutcome);
                }
            }
        }

        /** A message that still fails goes back to the DLQ with one more attempt, or, at the limit, to parking. */
        private void replace(Message m, DlqMessage body, Outcome outcome, Map<Message, DlqMessage> resends,
                             Map<Message, DlqMessage> parks, Map<Message, Outcome> copyOutcome) {
            int attempts = RedriveAttributes.attempts(m) + 1;
            copyOutcome.put(m, attempts >= config.maxAttempts() ? Outcome.PARKED : outcome);
            (attempts >= config.maxAttempts() ? parks : resends).put(m, body);
        }

        private void send(String queueUrl, Map<Message, DlqMessage> copies, Map<Message, Outcome> copyOutcome,
                          List<Done> toDelete, boolean toDlq) {
            if (copies.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            Map<String, Message> byId = new HashMap<>();
            List<Outgoing> outgoing = new ArrayList<>();
            copies.forEach((m, body) -> {
                byId.put(m.messageId(), m);
                int attempts = RedriveAttributes.attempts(m) + 1;
                outgoing.add(new Outgoing(m.messageId(), DlqMessages.toJson(body),
                        RedriveAttributes.forCopy(m, body, attempts, toDlq ? null : now)));
            });
            if (request.dryRun()) {
                copies.keySet().forEach(m -> toDelete.add(replaced(m, copies.get(m), copyOutcome.get(m))));
                return;
            }
            BatchResult result = queue.send(queueUrl, outgoing);
            result.succeeded().forEach((originalId, newId) -> {
                Message m = byId.get(originalId);
                if (toDlq) {
                    ownCopies.add(newId);
                }
                toDelete.add(replaced(m, copies.get(m), copyOutcome.get(m)));
            });
            result.failed().forEach((originalId, why) ->
                    error(byId.get(originalId), "sending its replacement failed (" + why
                            + "); the message stays in the DLQ", null));
        }

        private static Done replaced(Message m, DlqMessage body, Outcome outcome) {
            return new Done(m, body.orderId(), outcome, body.primaryReason(), RedriveAttributes.attempts(m) + 1);
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
                finish(byReceipt.get(receipt));
            });
            result.failed().forEach((receipt, why) -> error(byReceipt.get(receipt).message(), "deleting the original failed ("
                    + why + "); it stays in the DLQ and the next run repeats its idempotent step", null));
        }

        private void finish(Done done) {
            Message m = done.message();
            lineages.put(RedriveAttributes.lineageId(m), true);
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

        /** Copies of an order this run already handled: removed once that handling is complete, else left. */
        private void duplicates(List<Message> duplicates) {
            List<Handle> removable = new ArrayList<>();
            Map<String, Message> byId = new HashMap<>();
            for (Message m : duplicates) {
                summary.duplicates++;
                outcome(m, null, "DUPLICATE", null, RedriveAttributes.attempts(m),
                        "another message of this lineage was handled in this run");
                if (!request.dryRun() && Boolean.TRUE.equals(lineages.get(RedriveAttributes.lineageId(m)))) {
                    // one key per receipt: the same message id can be delivered twice
                    String key = m.messageId() + "#" + removable.size();
                    byId.put(key, m);
                    removable.add(new Handle(key, m.receiptHandle()));
                } else {
                    hold(m);
                }
            }
            if (removable.isEmpty()) {
                return;
            }
            BatchResult result = queue.delete(config.dlqUrl(), removable);
            result.succeeded().keySet().forEach(key -> heartbeat.forget(byId.get(key).receiptHandle()));
            result.failed().forEach((key, why) -> {
                Message m = byId.get(key);
                summary.duplicates--;
                error(m, "deleting a duplicate failed (" + why + "); it stays in the DLQ", null);
            });
        }

        private void error(Message m, String what, Exception e) {
            summary.errors++;
            lineages.put(RedriveAttributes.lineageId(m), false);
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
