package io.orderpipeline.reconciler.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one file's accounting found (data-contracts.md §6): the counts, the pipeline- and reconciler-parked orders by
 * reason, and the report's three lists, each cut at {@link Reconciler#LIST_LIMIT} entries (the counts never are).
 * Filled record by record; one per file. Not thread-safe.
 */
final class Tally {

    private long records;
    private long blank;
    private long stored;
    private long storedByReconciler;
    private long storedFoundInTable;
    private long parkedByPipeline;
    private long parkedByReconciler;
    private long altered;
    private long unaccounted;
    private long coveredByFileError;
    private final Map<String, Long> parkedByReason = new HashMap<>();
    private final Capped<ReconciliationReport.Parked> parkedList = new Capped<>();
    private final Capped<ReconciliationReport.Altered> alteredList = new Capped<>();
    private final Capped<ReconciliationReport.Unaccounted> unaccountedList = new Capped<>();

    /** One more item read from the file (a blank line included). */
    void record() {
        records++;
    }

    void blankLine() {
        blank++;
    }

    /** A child stored it exactly as written. */
    void storedByPipeline() {
        stored++;
    }

    /** Its child did not confirm the write, but the table holds it exactly as written (a failed child's put). */
    void storedFoundInTable() {
        stored++;
        storedFoundInTable++;
    }

    /** The reconciler stored it (an order the pipeline could not carry). */
    void storedByReconciler() {
        stored++;
        storedByReconciler++;
    }

    /** A child parked it; {@code reason} is its first reason code, null when unknown. */
    void parkedByPipeline(String reason) {
        parkedByPipeline++;
        count(reason);
    }

    /** The reconciler's DLQ message for it was sent. */
    void parkedByReconciler(ReconciliationReport.Parked parked) {
        parkedByReconciler++;
        count(parked.reason());
        parkedList.add(parked);
    }

    /** It reached the table or the DLQ with other content than its file's record (it is parked too). */
    void altered(ReconciliationReport.Altered entry) {
        altered++;
        alteredList.add(entry);
    }

    /** Neither stored nor parked: the execution fails. */
    void unaccounted(int index, String why) {
        unaccounted++;
        unaccountedList.add(new ReconciliationReport.Unaccounted(index, why));
    }

    /** The file turned out unreadable after {@code records} items: the one FILE_ERROR message covers its orders. */
    void unreadableAfter(long records, long blank) {
        this.records = records;
        this.blank = blank;
        this.coveredByFileError = records - blank;
    }

    boolean anyUnaccounted() {
        return unaccounted > 0;
    }

    ReconciliationReport.Counts counts() {
        return new ReconciliationReport.Counts(records, blank, records - blank, stored, storedByReconciler,
                storedFoundInTable, parkedByPipeline, parkedByReconciler, altered, unaccounted, coveredByFileError);
    }

    /** By first reason code, in code order. */
    Map<String, Long> parkedByReason() {
        return new TreeMap<>(parkedByReason);
    }

    List<ReconciliationReport.Parked> parked() {
        return parkedList.entries();
    }

    List<ReconciliationReport.Altered> alteredEntries() {
        return alteredList.entries();
    }

    List<ReconciliationReport.Unaccounted> unaccountedEntries() {
        return unaccountedList.entries();
    }

    /** Whether a list was cut. */
    boolean truncated() {
        return parkedList.cut || alteredList.cut || unaccountedList.cut;
    }

    private void count(String reason) {
        parkedByReason.merge(reason == null ? "UNKNOWN" : reason, 1L, Long::sum);
    }

    /** A list that keeps its first {@link Reconciler#LIST_LIMIT} entries and remembers whether it dropped any. */
    private static final class Capped<T> {
        private final List<T> entries = new ArrayList<>();
        private boolean cut;

        void add(T entry) {
            if (entries.size() < Reconciler.LIST_LIMIT) {
                entries.add(entry);
            } else {
                cut = true;
            }
        }

        List<T> entries() {
            return List.copyOf(entries);
        }
    }
}
