package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.Violation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The body of a message on the orders DLQ (data-contracts.md §4). Built, written and parsed by {@link DlqMessages}.
 *
 * @param orderId  null when the record has no usable order id
 * @param record   the record exactly as the Map delivered it (stages VALIDATION, PROCESSING); null otherwise
 * @param item     the DynamoDB item (stage WRITE); null otherwise
 * @param source   null only for hand-made messages
 * @param failedAt null when the producer did not say
 */
public record DlqMessage(
        int schemaVersion,
        Kind kind,
        Stage stage,
        String orderId,
        List<Violation> reasons,
        JsonNode record,
        JsonNode item,
        SourceRef source,
        String executionId,
        Instant failedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** One order, or a whole file that could not be read. */
    public enum Kind { ORDER, FILE }

    /** Where in the pipeline the message was produced. */
    public enum Stage { VALIDATION, WRITE, PROCESSING, FILE_READ }

    public DlqMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stage, "stage");
        reasons = List.copyOf(reasons);
    }

    /** The same message with other reasons (content — record or item — untouched). */
    public DlqMessage withReasons(List<Violation> newReasons) {
        return new DlqMessage(schemaVersion, kind, stage, orderId, newReasons, record, item, source, executionId, failedAt);
    }

    /**
     * The same message naming its order, when the producer could not (the state machine's PROCESSING_ERROR messages
     * carry a null {@code orderId}: it never parsed the record). A message that already names one is returned as is.
     */
    public DlqMessage withOrderIdIfMissing(String knownOrderId) {
        if (orderId != null || knownOrderId == null) {
            return this;
        }
        return new DlqMessage(schemaVersion, kind, stage, knownOrderId, reasons, record, item, source, executionId,
                failedAt);
    }

    /** The first reason's code (the {@code reasonCode} message attribute); PROCESSING_ERROR when there is none. */
    public ReasonCode primaryReason() {
        return reasons.isEmpty() ? ReasonCode.PROCESSING_ERROR : reasons.getFirst().code();
    }
}
