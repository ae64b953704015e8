package io.orderpipeline.reconciler.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Distributed Map's children reported for each record index of one file (data-contracts.md §2, §2a), in
 * compact arrays: a file of a million records costs a few tens of megabytes here, never a map of objects per record.
 * Identities and hashes are kept as their first 64 bits; a false "equal" between two different SHA-256 values would
 * take a 2^-64 coincidence. Not thread-safe.
 */
public final class Ledger {

    /** What is known about one index. Later reports of success replace earlier ones; a failure never replaces news. */
    public enum Reported {
        /** No child reported this index. */
        NONE,
        /** The validator found it valid; its write outcome has not been seen (yet). */
        VALID,
        /** The validator found it invalid; its send outcome has not been seen (yet). */
        INVALID,
        /** A CSV record of empty cells: a blank line. */
        BLANK,
        /** The validator left it to the reconciler (it could not travel). */
        DEFERRED,
        /** The conditional put succeeded. */
        STORED,
        /** Its DLQ message was sent. */
        PARKED,
        /** Its DLQ send failed. */
        UNSENT,
        /** Its child failed (or did not run); the note says how. */
        FAILED
    }

    private static final Reported[] REPORTED = Reported.values();

    private byte[] states = new byte[1024];
    private long[] recordIds = new long[1024];
    private long[] contentHashes = new long[1024];
    private byte[] reasons = new byte[1024];
    private final BitSet hasRecordId = new BitSet();
    private final BitSet hasContentHash = new BitSet();
    private final Map<Integer, String> notes = new HashMap<>();
    private final List<String> reasonNames = new ArrayList<>(List.of(""));
    private final Map<String, Byte> reasonIndex = new HashMap<>();
    private int size;

    /** One more than the highest index reported. */
    public int size() {
        return size;
    }

    public Reported state(int index) {
        return index < size ? REPORTED[states[index]] : Reported.NONE;
    }

    /** The reason code text reported for this index (first reason of an invalid record or a parked order), or null. */
    public String reason(int index) {
        if (index >= size || reasons[index] == 0) {
            return null;
        }
        return reasonNames.get(reasons[index]);
    }

    /** What went wrong for an UNSENT, DEFERRED or FAILED index (error and cause), or null. */
    public String note(int index) {
        return notes.get(index);
    }

    /**
     * What the Map's children reported, counted by index (before anything is checked against the file).
     *
     * @param records     indexes some child reported (or whose child failed)
     * @param unconfirmed reported valid or invalid, with no write or send outcome
     */
    public record Counts(long records, long stored, long parked, long blank, long deferred, long unsent, long failed,
                         long unconfirmed) {
    }

    public Counts counts() {
        long[] by = new long[REPORTED.length];
        for (int i = 0; i < size; i++) {
            by[states[i]]++;
        }
        return new Counts(size - by[Reported.NONE.ordinal()], by[Reported.STORED.ordinal()],
                by[Reported.PARKED.ordinal()], by[Reported.BLANK.ordinal()], by[Reported.DEFERRED.ordinal()],
                by[Reported.UNSENT.ordinal()], by[Reported.FAILED.ordinal()],
                by[Reported.VALID.ordinal()] + by[Reported.INVALID.ordinal()]);
    }

    /** Whether a child reported a recordId for this index, and if so whether it equals {@code recordId}. */
    public boolean recordIdDiffers(int index, String recordId) {
        return hasRecordId.get(index) && recordIds[index] != prefix(recordId);
    }

    public boolean hasContentHash(int index) {
        return hasContentHash.get(index);
    }

    /** Whether the stored content hash (first 64 bits) equals {@code contentHash}. */
    public boolean contentHashEquals(int index, String contentHash) {
        return hasContentHash.get(index) && contentHashes[index] == prefix(contentHash);
    }

    /**
     * Records what a succeeded child said about one index.
     *
     * @param recordId    null when not reported
     * @param contentHash null when not reported
     * @param reason      null to keep the one known
     * @param note        null to keep the one known
     */
    public void report(int index, Reported state, String recordId, String contentHash, String reason, String note) {
        grow(index);
        states[index] = (byte) state.ordinal();
        if (recordId != null) {
            hasRecordId.set(index);
            recordIds[index] = prefix(recordId);
        }
        if (contentHash != null) {
            hasContentHash.set(index);
            contentHashes[index] = prefix(contentHash);
        }
        if (reason != null) {
            reasons[index] = reasonCode(reason);
        }
        if (note != null) {
            notes.put(index, note);
        } else if (state == Reported.STORED || state == Reported.PARKED || state == Reported.BLANK) {
            notes.remove(index);
        }
    }

    /** Records that the child holding this index failed or never ran; what a succeeded child said stays. */
    public void failed(int index, String note) {
        grow(index);
        if (states[index] == Reported.NONE.ordinal() || states[index] == Reported.FAILED.ordinal()) {
            states[index] = (byte) Reported.FAILED.ordinal();
            notes.put(index, note);
        }
    }

    private byte reasonCode(String reason) {
        Byte known = reasonIndex.get(reason);
        if (known != null) {
            return known;
        }
        if (reasonNames.size() >= Byte.MAX_VALUE) {
            throw new IllegalStateException("more than " + (Byte.MAX_VALUE - 1) + " distinct reasons in one file's results");
        }
        byte code = (byte) reasonNames.size();
        reasonNames.add(reason);
        reasonIndex.put(reason, code);
        return code;
    }

    private void grow(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative record index " + index);
        }
        if (index >= states.length) {
            int capacity = Math.max(index + 1, states.length * 2);
            states = Arrays.copyOf(states, capacity);
            recordIds = Arrays.copyOf(recordIds, capacity);
            contentHashes = Arrays.copyOf(contentHashes, capacity);
            reasons = Arrays.copyOf(reasons, capacity);
        }
        size = Math.max(size, index + 1);
    }

    /** The first 64 bits of a hex digest; text that is not hex counts as a value no digest has. */
    static long prefix(String hex) {
        if (hex == null || hex.length() < 16) {
            return hex == null ? 0 : ~0L ^ hex.hashCode();
        }
        try {
            return Long.parseUnsignedLong(hex.substring(0, 16), 16);
        } catch (NumberFormatException e) {
            return ~0L ^ hex.hashCode();
        }
    }
}
