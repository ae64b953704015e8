package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.OrderItemMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: DLQ bodies and attributes as the state machine writes them. */
final class Dlq {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String DLQ = "http://sqs.local/000000000000/OrdersDlq";
    static final String PARKING = "http://sqs.local/000000000000/OrdersParkingQueue";
    static final String TABLE = "OrdersTable";
    static final SourceRef SOURCE = new SourceRef("orders-bucket", "incoming/2026/11/orders.json", "v1");
    static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1";

    private Dlq() {
    }

    static Map<String, String> environment(int maxAttempts) {
        return Map.of("ORDERS_TABLE_NAME", TABLE, "DLQ_URL", DLQ, "PARKING_QUEUE_URL", PARKING,
                "REDRIVE_MAX_ATTEMPTS", Integer.toString(maxAttempts),
                "POWERTOOLS_METRICS_NAMESPACE", "OrderPipelineTest", "POWERTOOLS_SERVICE_NAME", "dlq-redrive");
    }

    static ObjectNode validRecord(String orderId) {
        return json("""
                {"orderId":"%s","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                 "items":[{"sku":"SKU-1","quantity":2,"unitPrice":9.95}],"totalAmount":19.90}
                """.formatted(orderId));
    }

    /** Fails the current rules: the total does not match the items. */
    static ObjectNode mismatchedRecord(String orderId) {
        ObjectNode record = validRecord(orderId);
        record.put("totalAmount", new java.math.BigDecimal("25.00"));
        return record;
    }

    /** A VALIDATION-stage body holding {@code record}, with the reason it was rejected for at the time. */
    static String body(JsonNode record, ReasonCode reason, SourceRef source) {
        String orderId = record.path("orderId").asText(null);
        return DlqMessages.toJson(new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER,
                DlqMessage.Stage.VALIDATION, orderId, List.of(new Violation(reason, "$", "rejected then")),
                record, null, source, EXECUTION, NOW.minusSeconds(3600)));
    }

    static String body(JsonNode record, ReasonCode reason) {
        return body(record, reason, SOURCE);
    }

    /** A WRITE-stage conflict body exactly as the state machine's BuildConflictMessage state writes it. */
    static String conflictBody(ObjectNode item) {
        return DlqMessages.toJson(DlqMessages.writeConflict(item, SOURCE, EXECUTION, NOW.minusSeconds(3600)));
    }

    static String fileBody() {
        return DlqMessages.toJson(new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.FILE,
                DlqMessage.Stage.FILE_READ, null, List.of(new Violation(ReasonCode.FILE_ERROR, "$",
                "States.ItemReaderFailed")), null, null, SOURCE, EXECUTION, NOW.minusSeconds(3600)));
    }

    /** The DynamoDB item the validator would have built for a (valid) record. */
    static ObjectNode item(JsonNode record) {
        ValidationResult result = new OrderValidator().validate(record, RecordFormat.JSON);
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new IllegalArgumentException("not a valid order: " + result);
        }
        return OrderItemMapper.toItem(valid.order(), new IngestionContext(SOURCE, EXECUTION, NOW.minusSeconds(7200)));
    }

    static Map<String, AttributeValue> sdkItem(JsonNode record) {
        return AttributeValueJson.item(item(record));
    }

    static Map<String, MessageAttributeValue> attributes(ReasonCode reason, String sourceKey) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("reasonCode", string(reason.name()));
        attributes.put("sourceKey", string(sourceKey));
        return attributes;
    }

    static Map<String, MessageAttributeValue> attributes(ReasonCode reason) {
        return attributes(reason, SOURCE.key());
    }

    static Map<String, MessageAttributeValue> redriven(ReasonCode reason, int attempts, String lineageId) {
        Map<String, MessageAttributeValue> attributes = attributes(reason);
        attributes.put("redriveAttempts", MessageAttributeValue.builder().dataType("Number")
                .stringValue(Integer.toString(attempts)).build());
        attributes.put("lineageId", string(lineageId));
        return attributes;
    }

    static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.read(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DlqMessage parse(FakeSqs.Stored stored) {
        return DlqMessages.parse(stored.body);
    }

    static String attribute(FakeSqs.Stored stored, String name) {
        MessageAttributeValue value = stored.attributes.get(name);
        return value == null ? null : value.stringValue();
    }
}
