package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.model.wire.OrderRecords;
import io.orderpipeline.model.wire.Parking;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Decides what to do with one DLQ message, re-validating its order with the current rules of order-model. */
public final class Triage {

    /** The decision for one message. */
    public sealed interface Decision {
    }

    /** Does not match the request's filters: left alone, not counted as handled. */
    public record FilteredOut() implements Decision {
    }

    /** Cannot be redriven by this function (a whole file, an unreadable body, no source): left in the DLQ. */
    public record Skipped(String why) implements Decision {
    }

    /** Passes the current rules: {@code item} is what to put; {@code original} is the body as received. */
    public record Passes(DlqMessage body, ObjectNode original, ObjectNode item) implements Decision {
    }

    /**
     * Still fails: {@code refreshed} is the body with the current reasons (record or item untouched); the copy sent in
     * its place is {@link #copyBody(ObjectNode, DlqMessage) original with those reasons}.
     */
    public record StillInvalid(DlqMessage refreshed, ObjectNode original) implements Decision {
    }

    /** How much of a stored item's error message a violation quotes (as the validator quotes raw text). */
    private static final int RAW_TEXT_IN_MESSAGES = 256;

    private final OrderValidator validator;

    public Triage(OrderValidator validator) {
        this.validator = validator;
    }

    /**
     * @param text the message's body: its own, or the one its claim check points to
     */
    public Decision decide(ReceivedMessage message, String text, RedriveRequest request, Instant now) {
        DlqMessage body;
        ObjectNode original;
        try {
            body = DlqMessages.parse(text);
            original = (ObjectNode) Json.read(text);
        } catch (IllegalArgumentException | IOException e) {
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
        ValidationResult result = revalidate(body);
        return switch (result) {
            case ValidationResult.Valid valid -> new Passes(body, original, OrderItemMapper.toItem(valid.order(),
                    new IngestionContext(body.source(), body.executionId(), now)));
            case ValidationResult.Invalid invalid -> new StillInvalid(
                    body.withReasons(invalid.violations()).withOrderIdIfMissing(invalid.orderId()), original);
        };
    }

    /**
     * The body of a copy: the received body as it was - every field, also those this function does not model
     * ({@code recordId}, {@code recordIndex}, {@code alteredItem}, a newer producer's) - with only {@code reasons}
     * and {@code orderId} taken from {@code refreshed}, written as order-model writes them.
     */
    public static String copyBody(ObjectNode original, DlqMessage refreshed) {
        ObjectNode copy = original.deepCopy();
        ObjectNode fresh = DlqMessages.toTree(refreshed);
        copy.set("orderId", fresh.get("orderId"));
        copy.set("reasons", fresh.get("reasons"));
        return Json.write(copy);
    }

    /**
     * Re-validates, with the current rules, the order a DLQ message carries: its {@code record} (stages VALIDATION
     * and PROCESSING; the format follows the source key's suffix, JSON when unknown) or its DynamoDB {@code item}
     * (stage WRITE; checked as a JSON record). A message with neither, or an item that is not an order, is invalid
     * with MALFORMED_RECORD.
     *
     * @throws IllegalArgumentException for a FILE message (a whole file is re-uploaded, never redriven order by order)
     */
    public ValidationResult revalidate(DlqMessage message) {
        if (message.kind() == DlqMessage.Kind.FILE) {
            throw new IllegalArgumentException("a FILE message holds no order to re-validate");
        }
        if (message.record() != null) {
            RecordFormat format = message.source() == null ? RecordFormat.JSON
                    : RecordFormat.tryFromKey(message.source().key()).orElse(RecordFormat.JSON);
            return validator.validate(message.record(), format);
        }
        if (message.item() != null) {
            Order stored;
            try {
                stored = OrderItemMapper.fromItem(message.item());
            } catch (IllegalArgumentException | ArithmeticException e) {
                return new ValidationResult.Invalid(message.orderId(), List.of(new Violation(ReasonCode.MALFORMED_RECORD,
                        "$", "the stored item is not an order: " + Json.abbreviate(String.valueOf(e.getMessage()),
                        RAW_TEXT_IN_MESSAGES))));
            }
            return validator.validate(OrderRecords.toRecord(stored), RecordFormat.JSON);
        }
        return new ValidationResult.Invalid(message.orderId(), List.of(new Violation(ReasonCode.MALFORMED_RECORD, "$",
                "the message carries neither a record nor an item")));
    }

    /**
     * The body for an order that passes but whose id is stored with other content: everything as it was (a record
     * stays a record, an item an item), only the reason becomes the parking contract's {@link Parking.Conflict}.
     */
    static DlqMessage conflict(DlqMessage body, String orderId) {
        return body.withReasons(List.of(new Parking.Conflict(orderId).reason())).withOrderIdIfMissing(orderId);
    }

    private static boolean matches(DlqMessage body, ReceivedMessage message, RedriveRequest request) {
        if (request.reasonCode() != null && body.primaryReason() != request.reasonCode()) {
            return false;
        }
        if (request.sourceKeyPrefix() != null) {
            String key = body.source() != null ? body.source().key() : RedriveAttributes.sourceKey(message);
            return key != null && key.startsWith(request.sourceKeyPrefix());
        }
        return true;
    }

    /**
     * Whether a message's attributes match the request ({@code reasonCode}, {@code sourceKey}): what a claim check
     * can be filtered by before its body is read from S3. The reconciler and the state machine set both attributes
     * from the body (data-contracts.md §4, §7).
     */
    static boolean matchesAttributes(ReceivedMessage message, RedriveRequest request) {
        if (request.reasonCode() != null && !request.reasonCode().name().equals(RedriveAttributes.reasonCode(message))) {
            return false;
        }
        if (request.sourceKeyPrefix() != null) {
            String key = RedriveAttributes.sourceKey(message);
            return key != null && key.startsWith(request.sourceKeyPrefix());
        }
        return true;
    }

    /** An unreadable body has no reasons: it only matches a request without a reason filter. */
    private static boolean matchesUnreadable(ReceivedMessage message, RedriveRequest request) {
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
