package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.wire.DlqMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The reconciler's DLQ messages waiting to be sent. They go in chunks, so the bodies held at once stay bounded, and
 * each outcome lands in the tally: sent is parked by the reconciler, not sent (or no outcome at all) is unaccounted.
 */
final class Outbox {

    /** Letters sent together (bounds the memory held by bodies waiting to be sent). */
    static final int CHUNK = 100;
    static final long CHUNK_BYTES = 8L * 1024 * 1024;

    /**
     * @param why what the report says about the record (why it was not processed)
     */
    private record Pending(int index, String recordId, DeadLetters.Letter letter, String why) {
    }

    private final DeadLetters deadLetters;
    private final Tally tally;
    private final List<Pending> pending = new ArrayList<>();
    private long pendingBytes;

    Outbox(DeadLetters deadLetters, Tally tally) {
        this.deadLetters = deadLetters;
        this.tally = tally;
    }

    /** Queues the letter for the record at {@code index}; sends what waits once a chunk is full. */
    void post(int index, String recordId, DeadLetters.Letter letter, String why) {
        pending.add(new Pending(index, recordId, letter, why));
        pendingBytes += letter.body().length();
        if (pending.size() >= CHUNK || pendingBytes >= CHUNK_BYTES) {
            flush();
        }
    }

    /** Sends what waits. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        var byId = new LinkedHashMap<String, Pending>();
        pending.forEach(p -> byId.put(p.letter().id(), p));
        for (DeadLetters.Outcome outcome : deadLetters.send(pending.stream().map(Pending::letter).toList())) {
            Pending p = byId.remove(outcome.id());
            if (p == null) {
                continue;
            }
            if (outcome.sent()) {
                tally.parkedByReconciler(new ReconciliationReport.Parked(p.index(), p.recordId(),
                        p.letter().attributes().get(DlqMessages.ATTRIBUTE_REASON_CODE), p.why(), outcome.claimCheck()));
            } else {
                tally.unaccounted(p.index(), p.why() + "; parking it failed: " + outcome.error());
            }
        }
        // a letter without an outcome was not sent
        byId.values().forEach(p -> tally.unaccounted(p.index(), p.why() + "; parking it failed: no outcome"));
        pending.clear();
        pendingBytes = 0;
    }
}
