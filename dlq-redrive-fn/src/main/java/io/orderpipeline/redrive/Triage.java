package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.DlqMessage;
import io.orderpipeline.model.DlqMessages;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.OrderItemMapper;
import io.orderpipeline.model.OrderRecords;
import io.orderpipeline.model.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.List;

/** Decides what to do with one DLQ message, re-validating its order with the current rules of order-model. */
final class Triage {

    /** The decision for one message. */
    sealed interface Decision {
    }

    /** Does not match the request's filters: left alone, not counted as handled. */
    record FilteredOut() implements Decision {
    }

    /** Cannot be redriven by this function (a whole file, an unreadable body, no source): left in the DLQ. */
    record Skipped(String why) implements Decision {
    }

    /** Passes the current rules: {@code item} is what to put. */
    record Passes(DlqMessage body, ObjectNode item) implements Decision {
    }

    /** Still fails: {@code refreshed} is the body with the current reasons (record or item untouched). */
    record StillInvalid(DlqMessage refreshed) implements Decision {
    }

    private final OrderValidator validator;

    Triage(OrderValidator validator) {
        this.validator = validator;
    }

    Decision decide(Message message, RedriveRequest request, Instant now) {
        DlqMessage body;
        try {
            body = DlqMessages.parse(message.body());
        } catch (IllegalArgumentException e) {
            return matchesUnreadable(message, request) ? new Skipped("not a DLQ body: " + e.getMessage())
                    : new FilteredOut();
        }
        if (!matches(body, message, request)) {
            return new FilteredOut();
        }
        if (body.kind() == DlqMessage.Kind.FILE) {
            return new Skipped("a whole file failed (" + body.primaryReason()
                    + "): fix the file and upload it again");
        }
        if (body.source() == null) {
            return new Skipped("the message has no source (bucket/key), which every stored order must carry");
        }
        return body.item() != null && (body.stage() == DlqMessage.Stage.WRITE || body.record() == null)
                ? fromItem(body, now) : fromRecord(body, now);
    }

    private Decision fromRecord(DlqMessage body, Instant now) {
        if (body.record() == null) {
            return stillInvalid(body, null, List.of(new Violation(ReasonCode.MALFORMED_RECORD, "$",
                    "the DLQ message holds neither a record nor an item")), now);
        }
        RecordFormat format = RecordFormat.tryFromKey(body.source().key()).orElse(RecordFormat.JSON);
        ValidationResult result = validator.validate(body.record(), format);
        return switch (result) {
            case ValidationResult.Valid valid -> passes(body, valid.order(), body.source(), body.executionId(), now);
            case ValidationResult.Invalid invalid -> stillInvalid(body, invalid.orderId(), invalid.violations(), now);
        };
    }

    private Decision fromItem(DlqMessage body, Instant now) {
        JsonNode item = body.item();
        Order stored;
        IngestionContext context;
        try {
            stored = OrderItemMapper.fromItem(item);
            context = OrderItemMapper.contextFromItem(item);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return stillInvalid(body, null, List.of(new Violation(ReasonCode.MALFORMED_RECORD, "$.item",
                    "the item does not have the table's shape: " + e.getMessage())), now);
        }
        ValidationResult result = validator.validate(OrderRecords.toRecord(stored), RecordFormat.JSON);
        return switch (result) {
            case ValidationResult.Valid valid ->
                    passes(body, valid.order(), context.source(), context.executionId(), now);
            case ValidationResult.Invalid invalid -> stillInvalid(body, invalid.orderId(), invalid.violations(), now);
        };
    }

    private static Decision passes(DlqMessage body, Order order, SourceRef source, String executionId, Instant now) {
        return new Passes(body, OrderItemMapper.toItem(order, new IngestionContext(source, executionId, now)));
    }

    private static Decision stillInvalid(DlqMessage body, String orderId, List<Violation> reasons, Instant now) {
        return new StillInvalid(new DlqMessage(body.schemaVersion(), body.kind(), body.stage(),
                orderId != null ? orderId : body.orderId(), reasons, body.record(), body.item(), body.source(),
                body.executionId(), now));
    }

    /**
     * The body for an order that passes but whose id is stored with other content. Stage and content stay as they
     * were (a record stays a record), only the reason becomes {@link ReasonCode#DUPLICATE_ORDER_CONFLICT}.
     */
    static DlqMessage conflict(DlqMessage body, String orderId, Instant now) {
        if (body.stage() == DlqMessage.Stage.WRITE && body.record() == null) {
            return DlqMessages.writeConflict(body.item(), body.source(), body.executionId(), now);
        }
        Violation reason = new Violation(ReasonCode.DUPLICATE_ORDER_CONFLICT, "$.orderId",
                "order " + orderId + " is already stored with different content");
        return new DlqMessage(body.schemaVersion(), body.kind(), body.stage(), orderId, List.of(reason),
                body.record(), body.item(), body.source(), body.executionId(), now);
    }

    private static boolean matches(DlqMessage body, Message message, RedriveRequest request) {
        if (request.reasonCode() != null && body.primaryReason() != request.reasonCode()) {
            return false;
        }
        if (request.sourceKeyPrefix() != null) {
            String key = body.source() != null ? body.source().key() : RedriveAttributes.sourceKey(message);
            return key != null && key.startsWith(request.sourceKeyPrefix());
        }
        return true;
    }

    /** An unreadable body has no reasons: it only matches a request without a reason filter. */
    private static boolean matchesUnreadable(Message message, RedriveRequest request) {
        if (request.reasonCode() != null) {
            return false;
        }
        if (request.sourceKeyPrefix() != null) {
            String key = RedriveAttributes.sourceKey(message);
            return key != null && key.startsWith(request.sourceKeyPrefix());
        }
        return true;
    }
}
