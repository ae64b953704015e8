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
import io.orderpipeline.model.wire.Parking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test fixtures: DLQ bodies as the state machine, the validator and the reconciler write them. */
public final class Dlq {

    public static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    public static final String DLQ = "http://sqs.local/000000000000/OrdersDlq";
    public static final String PARKING = "http://sqs.local/000000000000/OrdersParkingQueue";
    public static final String TABLE = "OrdersTable";
    public static final SourceRef SOURCE = new SourceRef("orders-bucket", "incoming/2026/11/orders.json", "v1");
    public static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1";
    /** The orders bucket, where claim-check bodies live under {@link #PAYLOADS}. */
    public static final String BUCKET = SOURCE.bucket();
    public static final String PAYLOADS = "dlq-payloads/";

    private Dlq() {
    }

    public static Map<String, String> environment(int maxAttempts) {
        return Map.of("ORDERS_TABLE_NAME", TABLE, "DLQ_URL", DLQ, "PARKING_QUEUE_URL", PARKING,
                "REDRIVE_MAX_ATTEMPTS", Integer.toString(maxAttempts),
                "POWERTOOLS_METRICS_NAMESPACE", "OrderPipelineTest", "POWERTOOLS_SERVICE_NAME", "dlq-redrive",
                "ORDERS_BUCKET_NAME", BUCKET, "CLAIM_CHECK_PREFIX", PAYLOADS);
    }

    public static ObjectNode validRecord(String orderId) {
        return json("""
                {"orderId":"%s","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                 "items":[{"sku":"SKU-1","quantity":2,"unitPrice":9.95}],"totalAmount":19.90}
                """.formatted(orderId));
    }

    /** Fails the current rules: the total does not match the items. */
    public static ObjectNode mismatchedRecord(String orderId) {
        ObjectNode record = validRecord(orderId);
        record.put("totalAmount", new java.math.BigDecimal("25.00"));
        return record;
    }

    /** A VALIDATION-stage body holding {@code record}, with the reason it was rejected for at the time. */
    public static String body(JsonNode record, ReasonCode reason, SourceRef source) {
        String orderId = record.path("orderId").asText(null);
        return DlqMessages.toJson(new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER,
                DlqMessage.Stage.VALIDATION, orderId, List.of(new Violation(reason, "$", "rejected then")),
                record, null, source, EXECUTION, NOW.minusSeconds(3600)));
    }

    public static String body(JsonNode record, ReasonCode reason) {
        return body(record, reason, SOURCE);
    }

    /** A WRITE-stage conflict body exactly as the state machine's BuildConflictMessage state writes it. */
    public static String conflictBody(ObjectNode item) {
        return DlqMessages.toJson(Parking.atWrite(new Parking.Conflict(item.path("orderId").path("S").asText()), item,
                SOURCE, EXECUTION, NOW.minusSeconds(3600), null, null));
    }

    public static String fileBody() {
        return DlqMessages.toJson(new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.FILE,
                DlqMessage.Stage.FILE_READ, null, List.of(new Violation(ReasonCode.FILE_ERROR, "$",
                "States.ItemReaderFailed")), null, null, SOURCE, EXECUTION, NOW.minusSeconds(3600)));
    }

    /** A FILE message as the state machine's BuildFileFailure writes it for one upload (the contract's shape). */
    public static DlqMessage fileMessage(String etag, String executionId) {
        return Parking.ofFile(new Parking.FileFailed(Parking.OrderFileError.UNREADABLE, "line 1, byte 0: not JSON"),
                SOURCE, etag, executionId, NOW.minusSeconds(3600));
    }

    /** The DynamoDB item the validator would have built for a (valid) record. */
    public static ObjectNode item(JsonNode record) {
        ValidationResult result = new OrderValidator().validate(record, RecordFormat.JSON);
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new IllegalArgumentException("not a valid order: " + result);
        }
        return OrderItemMapper.toItem(valid.order(), new IngestionContext(SOURCE, EXECUTION, NOW.minusSeconds(7200)));
    }

    /**
     * A body as the validator or the reconciler writes it since #11: {@link #body(JsonNode, ReasonCode)} with the
     * record's {@code recordId} and {@code recordIndex} after {@code orderId} (data-contracts.md §4).
     */
    public static String body(JsonNode record, ReasonCode reason, String recordId, long recordIndex) {
        ObjectNode tree = json(body(record, reason));
        ObjectNode withIdentity = tree.objectNode();
        tree.properties().forEach(e -> {
            withIdentity.set(e.getKey(), e.getValue());
            if (e.getKey().equals("orderId")) {
                withIdentity.put("recordId", recordId);
                withIdentity.put("recordIndex", recordIndex);
            }
        });
        return Json.write(withIdentity);
    }

    /**
     * A record too large for SQS once in a DLQ body (more than 262,144 bytes): {@code lines} items, each with a
     * long SKU. More lines than an order may have, so the rules answer TOO_MANY_ITEMS.
     */
    public static ObjectNode largeRecord(String orderId, int lines) {
        ObjectNode record = validRecord(orderId);
        var items = record.putArray("items");
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (int i = 0; i < lines; i++) {
            items.addObject().put("sku", "SKU-%08d-%s".formatted(i, "X".repeat(24))).put("quantity", 1)
                    .put("unitPrice", new java.math.BigDecimal("1.25"));
            total = total.add(new java.math.BigDecimal("1.25"));
        }
        record.put("totalAmount", total);
        return record;
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.read(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
