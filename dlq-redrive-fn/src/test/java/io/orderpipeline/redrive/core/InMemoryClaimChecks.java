package io.orderpipeline.redrive.core;

import io.orderpipeline.redrive.Dlq;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Claim-check bodies in memory: a claim-check message's body is the key of its body here (what the pointer says is
 * the SQS adapter's business, S3ClaimChecksTest). Reads and deletes are written to the journal; switches make them fail.
 */
public final class InMemoryClaimChecks implements ClaimChecks {

    /** key → body */
    public final Map<String, String> bodies = new TreeMap<>();
    /** Reads of these keys fail (S3 throttling after the SDK's retries, as it were). */
    public final Set<String> failReads = new HashSet<>();
    /** Deletes of these keys are refused. */
    public final Set<String> denyDeletes = new HashSet<>();
    private final List<String> journal;

    public InMemoryClaimChecks(List<String> journal) {
        this.journal = journal;
    }

    /** Stores a body as the reconciler's send would; its key, which the message carries. */
    public String store(String body) {
        String key = Dlq.PAYLOADS + UUID.randomUUID();
        bodies.put(key, body);
        return key;
    }

    @Override
    public Body read(ReceivedMessage message) {
        if (!message.claimCheck()) {
            return new Inline(message.body());
        }
        String key = message.body();
        journal.add("read " + key);
        if (failReads.contains(key)) {
            throw new IllegalStateException("Please reduce your request rate.");
        }
        String body = bodies.get(key);
        return body == null ? new Unusable("its claim-check body " + key + " is not stored")
                : new Fetched(body, pointer(key));
    }

    @Override
    public Optional<Pointer> pointer(ReceivedMessage message) {
        return Optional.of(pointer(message.body()));
    }

    @Override
    public void delete(Pointer pointer) {
        journal.add("delete body " + pointer.key());
        if (denyDeletes.contains(pointer.key())) {
            throw new IllegalStateException("Access Denied");
        }
        bodies.remove(pointer.key());
    }

    private static Pointer pointer(String key) {
        return new Pointer(Dlq.BUCKET, key, key);
    }
}
