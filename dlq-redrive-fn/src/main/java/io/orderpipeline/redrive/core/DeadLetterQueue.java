package io.orderpipeline.redrive.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DLQ the redrive drains, and the parking queue it moves messages to after their last attempt. Sends, deletes and
 * visibility changes go in batches; a batch call that fails fails every entry in it, and partial failures are
 * reported per entry, so the run keeps exactly those messages.
 */
public interface DeadLetterQueue {

    /** Where a replacement copy goes. */
    enum Destination {
        /** back to the DLQ, for a later run */
        DLQ,
        /** to the parking queue, for a person */
        PARKING
    }

    /** A message to send: {@code key} is the caller's handle for the result (e.g. the original's message id). */
    record Outgoing(String key, String body, Map<String, MessageAttribute> attributes) {
    }

    /** A received message to delete or release: {@code key} as above. */
    record Handle(String key, String receiptHandle) {
        public static Handle of(ReceivedMessage message) {
            return new Handle(message.receiptHandle(), message.receiptHandle());
        }
    }

    /**
     * @param succeeded keys whose entry succeeded, with the new message id for sends (else the key itself)
     * @param failed    keys whose entry failed, with the queue's (or the exception's) reason
     */
    record BatchResult(Map<String, String> succeeded, Map<String, String> failed) {
        public static BatchResult empty() {
            return new BatchResult(new HashMap<>(), new HashMap<>());
        }

        public void addAll(BatchResult other) {
            succeeded.putAll(other.succeeded);
            failed.putAll(other.failed);
        }
    }

    /** The queue could not be read at all; the run stops. */
    final class ReceiveFailed extends RuntimeException {
        public ReceiveFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Keeps the messages one run holds invisible while it works, and stops when the run ends (so no extension can
     * overtake the run's final release). What a run that dies held comes back soon, not after its whole budget.
     */
    interface Heartbeat extends AutoCloseable {
        /** A received message the run now holds, until {@link #forget} (deleted) or the end of the run. */
        void hold(String receiptHandle);

        /** The message is deleted: nothing to keep invisible any more. */
        void forget(String receiptHandle);

        /** A safe point of the run: held messages get a fresh window if the last one is getting old. */
        void beatIfDue();

        @Override
        void close();
    }

    /**
     * Up to {@code maxMessages} messages of the DLQ (at most a batch), received invisible for a short window that the
     * run's {@link Heartbeat} extends; empty when none is visible.
     *
     * @throws ReceiveFailed when the queue cannot be read
     */
    List<ReceivedMessage> receive(int maxMessages);

    /** Sends copies: a body over the queue's size limit goes with the claim check ({@link ClaimChecks}). */
    BatchResult send(Destination destination, List<Outgoing> messages);

    /** Deletes received messages of the DLQ. */
    BatchResult delete(List<Handle> handles);

    /** Makes received messages of the DLQ visible again at once. */
    BatchResult release(List<Handle> handles);

    /** A heartbeat for one run. */
    Heartbeat heartbeat();
}
