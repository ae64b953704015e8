package io.orderpipeline.redrive.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one run remembers across its batches: the lineage and the record of each message it handles, so that later
 * copies of that lineage (a crash between a send and a delete, a duplicate delivery) and repeats of that record (a
 * re-upload, a record parked twice; data-contracts.md §4) collapse into it; and the copies it sent to the DLQ itself,
 * which it leaves for the next run.
 */
final class RunMemory {

    /** How one record fares in this run: complete once the handled message is gone and its write or copy stored. */
    static final class Handling {
        boolean complete;
    }

    /** A message collapsed into a record handled in this run: a copy of its lineage, or a repeat of its record. */
    record Collapsed(ReceivedMessage message, Handling handling, boolean repeat) {
    }

    private final Set<String> ownCopies = new HashSet<>();
    /** lineage → the handling of its message in this run */
    private final Map<String, Handling> lineages = new HashMap<>();
    /** recordId → the handling of the one message of that record handled in this run */
    private final Map<String, Handling> records = new HashMap<>();

    boolean isOwnCopy(ReceivedMessage message) {
        return ownCopies.contains(message.messageId());
    }

    /** A copy this run sent to the DLQ: received again, it is left for the next run. */
    void sentCopy(String messageId) {
        ownCopies.add(messageId);
    }

    /** The handling {@code message} collapses into; empty when it is the first of its lineage and of its record. */
    Optional<Collapsed> collapse(ReceivedMessage message) {
        Handling copyOf = lineages.get(RedriveAttributes.lineageId(message));
        if (copyOf != null) {
            return Optional.of(new Collapsed(message, copyOf, false));
        }
        String recordId = RedriveAttributes.recordId(message);
        Handling repeatOf = recordId == null ? null : records.get(recordId);
        return repeatOf == null ? Optional.empty() : Optional.of(new Collapsed(message, repeatOf, true));
    }

    /** The message is handled in this run: copies of its lineage and repeats of its record collapse into it. */
    void handling(ReceivedMessage message) {
        Handling handling = new Handling();
        lineages.put(RedriveAttributes.lineageId(message), handling);
        String recordId = RedriveAttributes.recordId(message);
        if (recordId != null) {
            records.putIfAbsent(recordId, handling);
        }
    }

    /** The message failed: copies and repeats of it are left for the next run, with it. */
    void failed(ReceivedMessage message) {
        Handling failed = lineages.computeIfAbsent(RedriveAttributes.lineageId(message), lineage -> new Handling());
        String recordId = RedriveAttributes.recordId(message);
        if (recordId != null) {
            records.putIfAbsent(recordId, failed);
        }
    }

    /**
     * The message is skipped (a FILE message: its file is re-uploaded, never redriven): later messages of its record — the
     * same bad file uploaded again shares the file's recordId — are repeats of it, held with it, not records of their own.
     */
    void skipped(ReceivedMessage message) {
        String recordId = RedriveAttributes.recordId(message);
        if (recordId != null) {
            records.putIfAbsent(recordId, new Handling());
        }
    }

    /** The message is gone and its write or copy stored: what collapsed into it may go too. */
    void complete(ReceivedMessage message) {
        lineages.computeIfAbsent(RedriveAttributes.lineageId(message), lineage -> new Handling()).complete = true;
    }
}
