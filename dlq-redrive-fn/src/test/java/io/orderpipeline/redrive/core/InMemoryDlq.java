package io.orderpipeline.redrive.core;

import io.orderpipeline.redrive.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The DLQ and the parking queue in memory, as a standard queue behaves for the redrive: a receive hides what it returns
 * for the visibility window and hands out a fresh receipt handle, a release shows it again, a delete by receipt
 * removes it, a message can be delivered twice. Switches make entries or whole calls fail; every call is written to
 * the journal.
 */
public final class InMemoryDlq implements DeadLetterQueue {

    static final Duration WINDOW = Duration.ofSeconds(30);

    /** A message in a queue. */
    public static final class Stored {
        public final String messageId;
        public final String body;
        public final Map<String, MessageAttribute> attributes;
        public final boolean claimCheck;
        Instant invisibleUntil = Instant.EPOCH;
        final Set<String> receipts = new HashSet<>();

        Stored(String messageId, String body, Map<String, MessageAttribute> attributes, boolean claimCheck) {
            this.messageId = messageId;
            this.body = body;
            this.attributes = Map.copyOf(attributes);
            this.claimCheck = claimCheck;
        }

        public String attribute(String name) {
            MessageAttribute value = attributes.get(name);
            return value == null ? null : value.stringValue();
        }
    }

    private final MutableClock clock;
    private final List<String> journal;
    private final Map<Destination, List<Stored>> queues = new EnumMap<>(Destination.class);
    private int receipts;

    /** Message ids whose delete entry fails. */
    public final Set<String> failDeleteOf = new HashSet<>();
    /** This many delete calls fail as a whole (a connection reset after the SDK's retries, as it were). */
    public int deleteCallsThatFail;
    /** Bodies whose send entry fails. */
    public Predicate<String> failSendOf = body -> false;
    /** Moves the clock on every receive (time passing while the run works). */
    public Duration receiveTakes = Duration.ZERO;
    /** The queue cannot be read. */
    public boolean receiveFails;
    /** What the run's heartbeat holds now. */
    public final Set<String> held = new HashSet<>();

    public InMemoryDlq(MutableClock clock, List<String> journal) {
        this.clock = clock;
        this.journal = journal;
        queues.put(Destination.DLQ, new ArrayList<>());
        queues.put(Destination.PARKING, new ArrayList<>());
    }

    /** A message parked in the DLQ with its body inline; its id. */
    public String put(String body, Map<String, MessageAttribute> attributes) {
        return put(Destination.DLQ, body, attributes, false);
    }

    /** A claim-check message: its body is {@code key}, the body itself is in {@link InMemoryClaimChecks}. */
    public String putClaimCheck(String key, Map<String, MessageAttribute> attributes) {
        return put(Destination.DLQ, key, attributes, true);
    }

    private String put(Destination destination, String body, Map<String, MessageAttribute> attributes,
                       boolean claimCheck) {
        Stored stored = new Stored(UUID.randomUUID().toString(), body, attributes, claimCheck);
        queues.get(destination).add(stored);
        return stored.messageId;
    }

    /** The queue delivers a message twice: a second copy with the same id (at-least-once delivery). */
    public void duplicate(String messageId) {
        Stored original = find(messageId);
        queues.get(Destination.DLQ).add(new Stored(original.messageId, original.body, original.attributes,
                original.claimCheck));
    }

    public List<Stored> dlq() {
        return List.copyOf(queues.get(Destination.DLQ));
    }

    public List<Stored> parking() {
        return List.copyOf(queues.get(Destination.PARKING));
    }

    public List<Stored> visible() {
        return queues.get(Destination.DLQ).stream().filter(s -> !s.invisibleUntil.isAfter(clock.instant())).toList();
    }

    public Stored find(String messageId) {
        return queues.get(Destination.DLQ).stream().filter(s -> s.messageId.equals(messageId)).findFirst()
                .orElseThrow();
    }

    /** Calls of one kind in the journal ("receive", "send DLQ", "send PARKING", "delete", "release"). */
    public long calls(String kind) {
        return journal.stream().filter(kind::equals).count();
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages) {
        journal.add("receive");
        if (receiveFails) {
            throw new ReceiveFailed("the queue does not exist", new IllegalStateException("QueueDoesNotExist"));
        }
        clock.advance(receiveTakes);
        Instant now = clock.instant();
        List<ReceivedMessage> out = new ArrayList<>();
        for (Stored s : queues.get(Destination.DLQ)) {
            if (out.size() >= Math.min(10, maxMessages)) {
                break;
            }
            if (s.invisibleUntil.isAfter(now)) {
                continue;
            }
            String receipt = "rh-" + (++receipts);
            s.receipts.add(receipt);
            s.invisibleUntil = now.plus(WINDOW);
            out.add(new ReceivedMessage(s.messageId, receipt, s.body, s.attributes, s.claimCheck));
        }
        return out;
    }

    @Override
    public BatchResult send(Destination destination, List<Outgoing> messages) {
        journal.add("send " + destination);
        BatchResult result = BatchResult.empty();
        for (Outgoing m : messages) {
            if (failSendOf.test(m.body())) {
                result.failed().put(m.key(), "InternalError");
            } else {
                result.succeeded().put(m.key(), put(destination, m.body(), m.attributes(), false));
            }
        }
        return result;
    }

    @Override
    public BatchResult delete(List<Handle> handles) {
        journal.add("delete");
        BatchResult result = BatchResult.empty();
        if (deleteCallsThatFail > 0) {
            deleteCallsThatFail--;
            handles.forEach(h -> result.failed().put(h.key(), "SdkClientException: connection reset"));
            return result;
        }
        List<Stored> dlq = queues.get(Destination.DLQ);
        for (Handle h : handles) {
            Stored s = dlq.stream().filter(m -> m.receipts.contains(h.receiptHandle())).findFirst().orElse(null);
            if (s != null && failDeleteOf.contains(s.messageId)) {
                result.failed().put(h.key(), "InternalError");
                continue;
            }
            if (s != null) {
                dlq.remove(s);
            }
            result.succeeded().put(h.key(), h.key());
        }
        return result;
    }

    @Override
    public BatchResult release(List<Handle> handles) {
        journal.add("release");
        BatchResult result = BatchResult.empty();
        for (Handle h : handles) {
            queues.get(Destination.DLQ).stream().filter(m -> m.receipts.contains(h.receiptHandle())).findFirst()
                    .ifPresent(m -> m.invisibleUntil = clock.instant());
            result.succeeded().put(h.key(), h.key());
        }
        return result;
    }

    /** Records what the run holds; the visibility window itself is the SQS adapter's (VisibilityHeartbeatTest). */
    @Override
    public Heartbeat heartbeat() {
        return new Heartbeat() {
            @Override
            public void hold(String receiptHandle) {
                held.add(receiptHandle);
            }

            @Override
            public void forget(String receiptHandle) {
                held.remove(receiptHandle);
            }

            @Override
            public void beatIfDue() {
            }

            @Override
            public void close() {
                journal.add("heartbeat stopped");
            }
        };
    }
}
