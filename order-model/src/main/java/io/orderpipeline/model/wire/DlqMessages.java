package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds, writes and parses DLQ message bodies, and builds their SQS message attributes. */
public final class DlqMessages {

    public static final String ATTRIBUTE_REASON_CODE = "reasonCode";
    public static final String ATTRIBUTE_SOURCE_KEY = "sourceKey";
    public static final String ATTRIBUTE_REDRIVE_ATTEMPTS = "redriveAttempts";
    /** The record's deterministic identity (data-contracts.md §4), on every ORDER message that has one. */
    public static final String ATTRIBUTE_RECORD_ID = "recordId";
    /**
     * SQS's limit for one message, body and attributes together: 262,144 bytes
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html).
     */
    public static final int SQS_MAX_MESSAGE_BYTES = 262_144;

    private DlqMessages() {
    }

    /** Body for a record that failed validation (stage VALIDATION; failedAt = the validation time). */
    public static DlqMessage invalidOrder(JsonNode record, ValidationResult.Invalid result, IngestionContext context) {
        return new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER, DlqMessage.Stage.VALIDATION,
                result.orderId(), result.violations(), record, null, context.source(), context.executionId(),
                context.ingestedAt());
    }

    /** As {@link #invalidOrder(JsonNode, ValidationResult.Invalid, IngestionContext)} for the record at {@code index}. */
    public static DlqMessage invalidOrder(JsonNode record, ValidationResult.Invalid result, IngestionContext context,
                                          long index) {
        return invalidOrder(record, result, context)
                .withRecord(FileRecords.recordId(context.source().key(), record), index);
    }

    /** The body as JSON text (field order as in data-contracts.md §4). */
    public static String toJson(DlqMessage message) {
        return Json.write(toTree(message));
    }

    public static ObjectNode toTree(DlqMessage message) {
        ObjectNode body = AttributeValues.NODES.objectNode();
        body.put("schemaVersion", message.schemaVersion());
        body.put("kind", message.kind().name());
        body.put("stage", message.stage().name());
        body.put("orderId", message.orderId());
        if (message.recordId() != null) {
            body.put("recordId", message.recordId());
        }
        if (message.recordIndex() != null) {
            body.put("recordIndex", message.recordIndex());
        }
        ArrayNode reasons = body.putArray("reasons");
        for (Violation v : message.reasons()) {
            ObjectNode reason = reasons.addObject();
            reason.put("code", v.code().name());
            reason.put("path", v.path());
            reason.put("message", v.message());
        }
        if (message.record() != null) {
            body.set("record", message.record());
        }
        if (message.item() != null) {
            body.set("item", message.item());
        }
        if (message.source() != null) {
            ObjectNode source = body.putObject("source");
            source.put("bucket", message.source().bucket());
            source.put("key", message.source().key());
            source.put("versionId", message.source().versionId());
        }
        body.put("executionId", message.executionId());
        body.put("failedAt", message.failedAt() == null ? null : message.failedAt().toString());
        return body;
    }

    /**
     * Parses a body written by this class or by the state machine's Pass states. Unknown fields are ignored.
     *
     * @throws IllegalArgumentException when the text is not a DLQ body (not JSON, no kind/stage, unknown code, …)
     */
    public static DlqMessage parse(String body) {
        JsonNode tree;
        try {
            tree = Json.read(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("DLQ body is not JSON: " + Json.abbreviate(String.valueOf(body), 200), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("DLQ body is not a JSON object: " + Json.abbreviate(String.valueOf(body), 200));
        }
        DlqMessage.Kind kind = enumValue(DlqMessage.Kind.class, tree, "kind");
        DlqMessage.Stage stage = enumValue(DlqMessage.Stage.class, tree, "stage");
        List<Violation> reasons = new ArrayList<>();
        JsonNode reasonsNode = tree.path("reasons");
        if (reasonsNode.isArray()) {
            for (JsonNode r : reasonsNode) {
                ReasonCode code = enumValue(ReasonCode.class, r, "code");
                reasons.add(new Violation(code, textOr(r, "path", "$"), textOr(r, "message", "")));
            }
        }
        JsonNode sourceNode = tree.get("source");
        SourceRef source = null;
        if (sourceNode != null && sourceNode.isObject() && text(sourceNode, "bucket") != null
                && text(sourceNode, "key") != null) {
            source = new SourceRef(text(sourceNode, "bucket"), text(sourceNode, "key"), text(sourceNode, "versionId"));
        }
        String failedAt = text(tree, "failedAt");
        Instant failedAtInstant;
        try {
            failedAtInstant = failedAt == null ? null : Instant.parse(failedAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("failedAt is not an ISO-8601 instant: " + failedAt, e);
        }
        JsonNode record = tree.get("record");
        JsonNode item = tree.get("item");
        JsonNode recordIndex = tree.get("recordIndex");
        return new DlqMessage(tree.path("schemaVersion").asInt(DlqMessage.SCHEMA_VERSION), kind, stage,
                text(tree, "orderId"), reasons, record, item == null || item.isNull() ? null : item, source,
                text(tree, "executionId"), failedAtInstant, text(tree, "recordId"),
                recordIndex != null && recordIndex.canConvertToLong() ? recordIndex.asLong() : null);
    }

    /**
     * SQS message attributes in the Step Functions {@code sqs:sendMessage} shape:
     * {@code {"reasonCode":{"DataType":"String","StringValue":"…"},"sourceKey":{…},"recordId":{…}}} ({@code sourceKey}
     * and {@code recordId} only when known).
     */
    public static ObjectNode attributes(DlqMessage message) {
        ObjectNode attributes = attributes(message.primaryReason(), message.source() == null ? null : message.source().key());
        if (message.recordId() != null) {
            stringAttribute(attributes, ATTRIBUTE_RECORD_ID, message.recordId());
        }
        return attributes;
    }

    /** As {@link #attributes(DlqMessage)} plus {@code redriveAttempts} (Number) — for a message the redrive sends back. */
    public static ObjectNode attributes(DlqMessage message, int redriveAttempts) {
        ObjectNode attributes = attributes(message);
        ObjectNode attempts = attributes.putObject(ATTRIBUTE_REDRIVE_ATTEMPTS);
        attempts.put("DataType", "Number");
        attempts.put("StringValue", Integer.toString(redriveAttempts));
        return attributes;
    }

    public static ObjectNode attributes(ReasonCode reasonCode, String sourceKey) {
        ObjectNode attributes = AttributeValues.NODES.objectNode();
        stringAttribute(attributes, ATTRIBUTE_REASON_CODE, reasonCode.name());
        if (sourceKey != null && !sourceKey.isEmpty()) {
            stringAttribute(attributes, ATTRIBUTE_SOURCE_KEY, sourceKey);
        }
        return attributes;
    }

    /**
     * A message's size as SQS counts it against {@link #SQS_MAX_MESSAGE_BYTES}: the body's UTF-8 bytes plus, per
     * attribute, its name, its {@code DataType} and its value.
     *
     * @param attributes in the {@link #attributes(DlqMessage)} shape
     */
    public static long sqsSize(String body, JsonNode attributes) {
        long size = utf8Length(body);
        for (var e : attributes.properties()) {
            size += utf8Length(e.getKey()) + utf8Length(e.getValue().path("DataType").asText())
                    + utf8Length(e.getValue().path("StringValue").asText());
        }
        return size;
    }

    /** The UTF-8 length of {@code text} without encoding it. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void stringAttribute(ObjectNode attributes, String name, String value) {
        ObjectNode attribute = attributes.putObject(name);
        attribute.put("DataType", "String");
        attribute.put("StringValue", value);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            throw new IllegalArgumentException("DLQ body has no " + field);
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + field + " '" + text + "' in DLQ body", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }
}
