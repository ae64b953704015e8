package io.orderpipeline.local.report;

import io.orderpipeline.local.report.PipelineInspector.DlqEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of the DLQ as {@code ./pipeline dlq} lists it: a record, its repeats counted (issue #11 §6). Messages with the
 * same {@code recordId} (docs/data-contracts.md §4: the same record under the same key, e.g. a file uploaded twice) are
 * one record; a message without one (a FILE message, or one parked before record identities) is a record of its own.
 *
 * @param first    the first message seen for the record (what the line shows)
 * @param copies   how many DLQ messages the record has
 * @param reasons  the reason codes of its messages, in order of appearance (one, unless a repeat was parked otherwise)
 */
public record DlqRecord(DlqEntry first, int copies, Set<String> reasons) {

    /** Collapses the messages by recordId, in the order their records first appear; the total of copies is entries' size. */
    public static List<DlqRecord> collapse(List<DlqEntry> entries) {
        var byRecord = new LinkedHashMap<String, List<DlqEntry>>();
        for (var entry : entries) {
            var id = entry.recordId();
            byRecord.computeIfAbsent(id != null ? "record:" + id : "message:" + entry.messageId(), k -> new ArrayList<>())
                    .add(entry);
        }
        var records = new ArrayList<DlqRecord>(byRecord.size());
        for (var messages : byRecord.values()) {
            var reasons = new LinkedHashSet<String>();
            messages.forEach(m -> reasons.add(m.reasonCode()));
            records.add(new DlqRecord(messages.getFirst(), messages.size(), reasons));
        }
        return records;
    }

    public String reasonCodes() {
        return String.join(",", reasons);
    }
}
