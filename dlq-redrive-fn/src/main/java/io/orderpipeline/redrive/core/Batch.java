package io.orderpipeline.redrive.core;

import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.redrive.core.OrderTable.WriteOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One received batch, in the order docs/redrive.md ("Order of operations") gives: each message sorted — one of the
 * run's own copies (held), collapsed into a record handled in this run, a claim check filtered out by its attributes,
 * or read (its claim-check body from S3) and triaged — then the conditional puts, the copies sent
 * ({@link Replacements}), the originals deleted, then what collapsed ({@link Removals}). A message is deleted only
 * after its write or its copy is stored.
 */
final class Batch {

    private final Run run;
    private final Instant now;
    private final List<RunMemory.Collapsed> collapsed = new ArrayList<>();
    private final Map<Incoming, Triage.Passes> writes = new LinkedHashMap<>();
    private final Replacements replacements;
    private final List<Done> done = new ArrayList<>();

    Batch(Run run) {
        this.run = run;
        this.now = run.clock().instant();
        this.replacements = new Replacements(run);
    }

    void handle(List<ReceivedMessage> messages) {
        messages.forEach(this::sort);
        writes.forEach((incoming, passes) -> {
            run.heartbeat().beatIfDue();
            write(incoming, passes);
        });
        run.heartbeat().beatIfDue();
        replacements.send(done);
        run.heartbeat().beatIfDue();
        Removals removals = new Removals(run);
        removals.originals(done);
        removals.collapsed(collapsed);
    }

    private void sort(ReceivedMessage message) {
        if (run.memory().isOwnCopy(message)) {
            run.outcomes().hold(message);
            return;
        }
        run.outcomes().received();
        Optional<RunMemory.Collapsed> into = run.memory().collapse(message);
        if (into.isPresent()) {
            collapsed.add(into.get());
            return;
        }
        if (message.claimCheck() && !Triage.matchesAttributes(message, run.request())) {
            // not worth an S3 read: the attributes say it is not asked for
            run.outcomes().filteredOut(message);
            return;
        }
        Incoming incoming = read(message);
        if (incoming == null) {
            return;
        }
        run.heartbeat().beatIfDue();
        Triage.Decision decision;
        try {
            decision = run.tracing().inSubsegment("validate",
                    () -> run.triage().decide(message, incoming.body(), run.request(), now));
        } catch (RuntimeException e) {
            // one message the model cannot handle must not stop the others
            run.outcomes().error(message, "triage failed; the message stays in the DLQ", e);
            return;
        }
        switch (decision) {
            case Triage.FilteredOut ignored -> run.outcomes().filteredOut(message);
            case Triage.Skipped skipped -> {
                run.outcomes().skipped(message, skipped.why());
                run.memory().skipped(message);
            }
            case Triage.Passes passes -> {
                run.memory().handling(message);
                writes.put(incoming, passes);
            }
            case Triage.StillInvalid invalid -> {
                run.memory().handling(message);
                replacements.add(incoming, invalid.refreshed(), Triage.copyBody(invalid.original(), invalid.refreshed()),
                        Done.Ending.STILL_INVALID);
            }
        }
    }

    /**
     * The message with its body: its own, or its claim check's. Null when it cannot be had: a claim check that cannot
     * be followed is skipped, a store failure is an error; either way the message stays as it is.
     */
    private Incoming read(ReceivedMessage message) {
        ClaimChecks.Body body;
        try {
            body = run.claimChecks().read(message);
        } catch (RuntimeException e) {
            run.outcomes().error(message, "reading its claim-check body from S3 failed; the message stays in the DLQ", e);
            return null;
        }
        return switch (body) {
            case ClaimChecks.Inline inline -> new Incoming(message, inline.text(), null);
            case ClaimChecks.Fetched fetched -> new Incoming(message, fetched.text(), fetched.pointer());
            case ClaimChecks.Unusable unusable -> {
                run.outcomes().skipped(message, unusable.why());
                yield null;
            }
        };
    }

    /** The conditional put (a consistent read in a dry run); a conflict is replaced by a copy saying so. */
    private void write(Incoming incoming, Triage.Passes passes) {
        ReceivedMessage message = incoming.message();
        WriteOutcome outcome;
        try {
            outcome = run.tracing().inSubsegment("write", () -> run.dryRun()
                    ? run.table().predict(passes.item()) : run.table().put(passes.item()));
        } catch (RuntimeException e) {
            // throttling or a service error after the SDK's retries: the message stays for the next run
            run.outcomes().error(message, "put failed; the message stays in the DLQ", e);
            return;
        }
        int attempts = RedriveAttributes.attempts(message);
        switch (outcome) {
            case WRITTEN -> done.add(new Done(incoming, passes.body().orderId(), Done.Ending.REDRIVEN, null, attempts));
            case ALREADY_PRESENT -> done.add(new Done(incoming, passes.body().orderId(), Done.Ending.ALREADY_PRESENT,
                    null, attempts));
            case CONFLICT -> {
                String orderId = passes.item().path("orderId").path("S").asText();
                DlqMessage conflict = Triage.conflict(passes.body(), orderId);
                replacements.add(incoming, conflict, Triage.copyBody(passes.original(), conflict), Done.Ending.CONFLICT);
            }
        }
    }
}
