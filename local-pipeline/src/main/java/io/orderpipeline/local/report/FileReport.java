package io.orderpipeline.local.report;

import io.orderpipeline.local.UploadOutcome;

import io.orderpipeline.local.integration.WriteLedger;

import java.util.List;
import java.util.Map;

/**
 * What happened to one file's orders, counted in the table and the DLQ (not taken from the execution's word).
 *
 * @param inTable      orders this execution put that are in the table now, with the content it put
 * @param dlqByReason  ORDER messages of this execution in the DLQ, by reason code
 * @param fileFailures FILE messages of this execution (the whole file could not be processed)
 */
public record FileReport(UploadOutcome outcome, long inTable, Map<String, Long> dlqByReason, long fileFailures,
                         String fileFailureMessage) {

    public long inDlq() {
        return dlqByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long read() {
        return outcome.itemsRead();
    }

    /** Every record read is either in the table or in the DLQ. */
    public boolean conserved() {
        return read() == inTable + inDlq();
    }

    /**
     * @param ledger the puts the execution made
     * @param stored the table's keys and content hashes now ({@link PipelineInspector#storedContentHashes})
     * @param dlq    the DLQ's messages now
     */
    public static FileReport of(UploadOutcome outcome, WriteLedger ledger, Map<String, String> stored,
                                List<PipelineInspector.DlqEntry> dlq) {
        if (!outcome.ruleMatched()) {
            return new FileReport(outcome, 0, Map.of(), 0, null);
        }
        var execution = outcome.executionArn();
        var inTable = ledger.writtenBy(execution).stream().filter(w -> {
            var hash = stored.get(w.key());
            return hash != null && (w.contentHash() == null || w.contentHash().equals(hash));
        }).count();
        var byReason = PipelineInspector.byReason(dlq, e -> execution.equals(e.executionId()) && "ORDER".equals(e.kind()));
        var files = dlq.stream().filter(e -> execution.equals(e.executionId()) && "FILE".equals(e.kind())).toList();
        var message = files.isEmpty() ? null : files.getFirst().body().path("reasons").path(0).path("message").asText(null);
        return new FileReport(outcome, inTable, byReason, files.size(), message);
    }
}
