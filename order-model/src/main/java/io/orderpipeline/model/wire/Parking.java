package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.Violation;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The parking contract: why a record goes to the DLQ instead of the table, stated once for every producer (the state
 * machine's Pass states, the validator, the reconciler, the redrive; data-contracts.md §4). Each record type is one
 * kind of parked record and gives its reason's code, path and message; the static methods give the whole message
 * for the kinds whose stage is fixed. A record that fails validation is parked with its own violations
 * ({@link DlqMessages#invalidOrder}). The state machine writes its three kinds in ASL ({@code BuildConflictMessage*},
 * {@code BuildThrottledMessage*} and {@code BuildWriteFailureMessage*}, {@code BuildFileFailure}); infra-tests'
 * {@code AslParkingContractTest} holds them to this type.
 */
public sealed interface Parking {

    ReasonCode code();

    /** The JSON path the reason points at ({@code $}: the whole record). */
    default String path() {
        return "$";
    }

    String message();

    /** The reason as a DLQ body carries it. */
    default Violation reason() {
        return new Violation(code(), path(), message());
    }

    /** What a conditional put can end in besides storing the order: the kinds the state machine parks at WRITE. */
    sealed interface WriteOutcome extends Parking permits Conflict, WriteFailed {
    }

    /** The order id is stored with other content: the stored order wins (the conditional put, §3). */
    record Conflict(String orderId) implements WriteOutcome {
        @Override
        public ReasonCode code() {
            return ReasonCode.DUPLICATE_ORDER_CONFLICT;
        }

        @Override
        public String path() {
            return "$.orderId";
        }

        @Override
        public String message() {
            return "An order with orderId " + orderId + " and different content is already stored";
        }
    }

    /**
     * The state machine's put failed after its retries; {@code error} and {@code cause} are Step Functions'. A put still
     * throttled when its retries ran out (the EXPRESS child's 5-minute budget bounds them) says so: the order is valid
     * and the redrive stores it ({@code BuildThrottledMessage*} in the ASL, the Catcher for {@link #THROTTLING}).
     */
    record WriteFailed(String error, String cause) implements WriteOutcome {

        /** DynamoDB's throttling errors as Step Functions names them (DynamoDB. + the service's error code). */
        public static final java.util.Set<String> THROTTLING = java.util.Set.of(
                "DynamoDB.ProvisionedThroughputExceededException", "DynamoDB.ThrottlingException",
                "DynamoDB.RequestLimitExceeded");

        @Override
        public ReasonCode code() {
            return ReasonCode.PROCESSING_ERROR;
        }

        @Override
        public String message() {
            if (THROTTLING.contains(error)) {
                return "The DynamoDB write was throttled and ran out of retries (the order is valid: redrive it to store it): "
                        + error + ": " + cause;
            }
            return "The DynamoDB write failed after its retries: " + error + ": " + cause;
        }
    }

    /** The reconciler's own put of an order the validator deferred failed; the service's message. */
    record ReconcilerWriteFailed(String serviceMessage) implements Parking {
        @Override
        public ReasonCode code() {
            return ReasonCode.PROCESSING_ERROR;
        }

        @Override
        public String message() {
            return "the reconciler's DynamoDB write failed: " + serviceMessage;
        }
    }

    /** A valid order no child stored (its batch failed, its send failed, …); {@code why} says how, null if unknown. */
    record NotStored(String why) implements Parking {
        @Override
        public ReasonCode code() {
            return ReasonCode.PROCESSING_ERROR;
        }

        @Override
        public String message() {
            return "not stored: " + (why == null ? "unknown" : why);
        }
    }

    /**
     * An invalid record the pipeline did not park (its DLQ send failed, its batch failed, …), parked by the reconciler
     * from the file; {@code why} says what went wrong. It follows the record's own violations, so the first reason
     * (the message's {@code reasonCode}) stays the record's.
     */
    record NotParked(String why) implements Parking {
        @Override
        public ReasonCode code() {
            return ReasonCode.PROCESSING_ERROR;
        }

        @Override
        public String message() {
            return "the pipeline did not park it (" + why + "): the reconciler parked it from the file";
        }
    }

    /**
     * A valid order whose DynamoDB item is larger than DynamoDB holds ({@link ItemSize#MAX_ITEM_BYTES}, counted by
     * {@link ItemSize}): no put can store it, so it is parked instead of tried.
     */
    record OverItemLimit(long itemBytes) implements Parking {
        @Override
        public ReasonCode code() {
            return ReasonCode.RECORD_TOO_LARGE;
        }

        @Override
        public String message() {
            return "its DynamoDB item is " + itemBytes + " bytes, more than DynamoDB's 400 KB item limit ("
                    + ItemSize.MAX_ITEM_BYTES + " bytes)";
        }
    }

    /** A DLQ message over SQS's limit: it goes with the claim check (§7), and this reason comes first. */
    record OverSqsLimit(long messageBytes) implements Parking {
        @Override
        public ReasonCode code() {
            return ReasonCode.RECORD_TOO_LARGE;
        }

        @Override
        public String message() {
            return "the DLQ message is " + messageBytes + " bytes, more than SQS's "
                    + DlqMessages.SQS_MAX_MESSAGE_BYTES + ": its body is stored in S3 (claim check)";
        }
    }

    /** The order reached the table or the DLQ with other content than its file's record (§5); the reason comes first. */
    record Altered(String how) implements Parking {

        /** A child parked the record under another identity than the file's record has. */
        public static Altered parkedOtherwise(String fileRecordId) {
            return new Altered("the record in its DLQ message differs from the file's (recordId " + fileRecordId
                    + " in the file)");
        }

        /** The validator saw a blank line where the file has a record. */
        public static Altered seenAsBlank() {
            return new Altered("the validator received a blank line");
        }

        /**
         * A child stored the order with another content hash than the file's record has.
         *
         * @param fileHash   null when the file's record is invalid
         * @param storedItem what became of the stored item (DELETED, or KEPT and why)
         */
        public static Altered storedOtherwise(String storedHash, String fileHash, String storedItem) {
            return new Altered("the order was stored with content hash " + storedHash + ", the file's record has "
                    + (fileHash == null ? "none (it is invalid)" : fileHash) + "; stored item " + storedItem);
        }

        @Override
        public ReasonCode code() {
            return ReasonCode.ALTERED_IN_TRANSIT;
        }

        @Override
        public String message() {
            return how;
        }
    }

    /** The whole file could not be processed: one FILE message; {@code error} is an {@link OrderFileError} name. */
    record FileFailed(String error, String cause) implements Parking {

        public FileFailed(OrderFileError error, String cause) {
            this(error.errorName(), cause);
        }

        @Override
        public ReasonCode code() {
            return ReasonCode.FILE_ERROR;
        }

        @Override
        public String message() {
            return "The file could not be processed: " + error + ": " + cause;
        }
    }

    /** Why a file failed as a whole: the error names an execution fails with (Step Functions' {@code Error}). */
    enum OrderFileError {
        /** INSPECT: no key the event's key may stand for (as received or URL-decoded) holds the event's object. */
        NOT_FOUND("OrderFile.NotFound"),
        /** INSPECT: the key's suffix names no format. */
        UNSUPPORTED_FORMAT("OrderFile.UnsupportedFormat"),
        /**
         * INSPECT: the file is larger than the deployment accepts (the template's {@code MaxFileBytes}: the largest
         * file the reconciler checks within Lambda's 15 minutes and its memory, docs/deploy.md "Limits").
         */
        TOO_LARGE("OrderFile.TooLarge"),
        /** INSPECT: a CSV file's first row does not name the required columns. */
        MISSING_COLUMNS("OrderFile.MissingColumns"),
        /** INSPECT or RECONCILE: the file cannot be read as its format (or is not UTF-8 text). */
        UNREADABLE("OrderFile.Unreadable"),
        /** The state machine: the INSPECT task itself failed. */
        NOT_INSPECTED("OrderFile.NotInspected"),
        /** The state machine: the RECONCILE task itself failed. */
        NOT_RECONCILED("OrderFile.NotReconciled"),
        /** The state machine: the reconciler could not park every record. */
        UNACCOUNTED("OrderFile.Unaccounted");

        private final String errorName;

        OrderFileError(String errorName) {
            this.errorName = errorName;
        }

        public String errorName() {
            return errorName;
        }

        public static Optional<OrderFileError> named(String errorName) {
            return Arrays.stream(values()).filter(e -> e.errorName.equals(errorName)).findFirst();
        }
    }

    /**
     * Why the validator left a record out of its batch output for the reconciler (data-contracts.md §2, outcome
     * {@code DEFERRED}): the report's {@code reason}.
     */
    enum Deferral {
        /**
         * It could not travel even in a batch of its own, or its DLQ message is over SQS's limit: the reconciler
         * stores the valid order itself (or parks it as {@link OverItemLimit}) and parks the invalid record.
         */
        RECORD_TOO_LARGE,
        /** It would fit alone but not in what is left of its batch's output. */
        BATCH_OUTPUT_FULL;

        /** The deferral a report names, or empty for another text (or null). */
        public static Optional<Deferral> named(String reason) {
            return Arrays.stream(values()).filter(d -> d.name().equals(reason)).findFirst();
        }
    }

    /**
     * The state machine's message for an order its conditional put did not store (stage WRITE): the item it tried to
     * put, the reason, and the record's identity and index.
     */
    static DlqMessage atWrite(WriteOutcome reason, JsonNode item, SourceRef source, String executionId,
                              Instant failedAt, String recordId, Long recordIndex) {
        return new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER, DlqMessage.Stage.WRITE,
                AttributeValues.string(item, OrderItemMapper.ORDER_ID), List.of(reason.reason()), null, item, source,
                executionId, failedAt, recordId, recordIndex);
    }

    /**
     * The one message for a file that failed as a whole (kind FILE, stage FILE_READ; no record): its identity is the
     * file's ({@link FileRecords#fileRecordId}: key and ETag), so re-uploads of the same bad file are one record.
     *
     * @param etag the object's ETag, as the event names it
     */
    static DlqMessage ofFile(FileFailed reason, SourceRef source, String etag, String executionId, Instant failedAt) {
        return new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.FILE, DlqMessage.Stage.FILE_READ, null,
                List.of(reason.reason()), null, null, source, executionId, failedAt,
                FileRecords.fileRecordId(source.key(), etag), null);
    }

    /**
     * The reconciler's message for a record it parks from the file (stage RECONCILIATION): the record exactly as it
     * read it, and its reasons (never empty).
     */
    static DlqMessage fromReconciliation(List<Violation> reasons, JsonNode record, String orderId, SourceRef source,
                                         String executionId, Instant failedAt, String recordId, long recordIndex) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a parked record needs a reason");
        }
        return new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER, DlqMessage.Stage.RECONCILIATION,
                orderId, reasons, record, null, source, executionId, failedAt, recordId, recordIndex);
    }
}
