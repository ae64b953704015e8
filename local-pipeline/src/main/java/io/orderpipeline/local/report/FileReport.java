package io.orderpipeline.local.report;

import io.orderpipeline.local.UploadOutcome;

import java.util.Map;

/**
 * What happened to one file's orders, counted in the table and the DLQ (not taken from the execution's word).
 *
 * @param inTable      items whose {@code executionId} is this execution
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

    public static FileReport of(UploadOutcome outcome, PipelineInspector inspector, java.util.List<PipelineInspector.DlqEntry> dlq) {
        if (!outcome.ruleMatched()) {
            return new FileReport(outcome, 0, Map.of(), 0, null);
        }
        var execution = outcome.executionArn();
        var inTable = inspector.countItemsWrittenBy(execution);
        var byReason = PipelineInspector.byReason(dlq, e -> execution.equals(e.executionId()) && "ORDER".equals(e.kind()));
        var files = dlq.stream().filter(e -> execution.equals(e.executionId()) && "FILE".equals(e.kind())).toList();
        var message = files.isEmpty() ? null : files.getFirst().body().path("reasons").path(0).path("message").asText(null);
        return new FileReport(outcome, inTable, byReason, files.size(), message);
    }
}
