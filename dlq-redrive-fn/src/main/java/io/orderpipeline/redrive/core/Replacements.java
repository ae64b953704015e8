package io.orderpipeline.redrive.core;

import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.redrive.core.DeadLetterQueue.BatchResult;
import io.orderpipeline.redrive.core.DeadLetterQueue.Destination;
import io.orderpipeline.redrive.core.DeadLetterQueue.Outgoing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The copies one batch sends in place of messages that still fail or conflict: back to the DLQ with one more attempt,
 * or, at {@code RedriveMaxAttempts}, to the parking queue. An original whose copy is stored (or, in a dry run, would
 * be) is done; one whose copy is not sent stays untouched, no attempt counted.
 */
final class Replacements {

    /** A copy: the body as order-model models it (for its attributes) and as it is sent. */
    private record Copy(Incoming incoming, DlqMessage body, String text, Done.Ending ending) {
        int attempts() {
            return RedriveAttributes.attempts(incoming.message()) + 1;
        }

        Done done() {
            return new Done(incoming, body.orderId(), ending, body.primaryReason(), attempts());
        }
    }

    private final Run run;
    private final List<Copy> toDlq = new ArrayList<>();
    private final List<Copy> toParking = new ArrayList<>();

    Replacements(Run run) {
        this.run = run;
    }

    /** The message is replaced by a copy with {@code body} (sent as {@code text}), ending as {@code ending}. */
    void add(Incoming incoming, DlqMessage body, String text, Done.Ending ending) {
        Copy copy = new Copy(incoming, body, text, ending);
        if (copy.attempts() >= run.maxAttempts()) {
            toParking.add(new Copy(incoming, body, text, Done.Ending.PARKED));
        } else {
            toDlq.add(copy);
        }
    }

    /** Sends the copies, those for the DLQ first; the originals of the copies stored are added to {@code done}. */
    void send(List<Done> done) {
        send(Destination.DLQ, toDlq, done);
        send(Destination.PARKING, toParking, done);
    }

    /**
     * A copy over SQS's limit gets a new body object of its own (the original's body is deleted with the original), so
     * a message never shares its body with another.
     */
    private void send(Destination destination, List<Copy> copies, List<Done> done) {
        if (copies.isEmpty()) {
            return;
        }
        Instant now = run.clock().instant();
        Map<String, Copy> byId = new HashMap<>();
        List<Outgoing> outgoing = new ArrayList<>();
        for (Copy copy : copies) {
            ReceivedMessage message = copy.incoming().message();
            byId.put(message.messageId(), copy);
            outgoing.add(new Outgoing(message.messageId(), copy.text(), RedriveAttributes.forCopy(message, copy.body(),
                    copy.attempts(), destination == Destination.DLQ ? null : now)));
        }
        if (run.dryRun()) {
            copies.forEach(copy -> done.add(copy.done()));
            return;
        }
        BatchResult result = run.queue().send(destination, outgoing);
        result.succeeded().forEach((originalId, newId) -> {
            if (destination == Destination.DLQ) {
                run.memory().sentCopy(newId);
            }
            done.add(byId.get(originalId).done());
        });
        result.failed().forEach((originalId, why) -> run.outcomes().error(byId.get(originalId).incoming().message(),
                "sending its replacement failed (" + why + "); the message stays in the DLQ", null));
    }
}
