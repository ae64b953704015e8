package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.Parking;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.Violation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DLQ messages the reconciler sends (data-contracts.md §4, {@link Parking#fromReconciliation}): the record exactly
 * as read from the file, its reasons, {@code recordId} and {@code recordIndex}. A body over SQS's limit gets
 * {@link Parking.OverSqsLimit} as its first reason and travels with the claim check (§7).
 */
final class ParkedMessages {

    private ParkedMessages() {
    }

    /**
     * @param reasons     never empty
     * @param alteredItem the item the reconciler took out of the table, or null
     */
    static DeadLetters.Letter letter(String id, SourceFile source, String executionId, SourceRecord record,
                                     String recordId, String orderId, List<Violation> reasons, Instant failedAt,
                                     JsonNode alteredItem) {
        DeadLetters.Letter letter = build(id, source, executionId, record, recordId, orderId, reasons, failedAt,
                alteredItem);
        long size = letter.sizeInBytes();
        if (size > DeadLetters.SQS_MAX_MESSAGE_BYTES && reasons.getFirst().code() != ReasonCode.RECORD_TOO_LARGE) {
            var withSize = new ArrayList<Violation>(reasons.size() + 1);
            withSize.add(new Parking.OverSqsLimit(size).reason());
            withSize.addAll(reasons);
            letter = build(id, source, executionId, record, recordId, orderId, withSize, failedAt, alteredItem);
        }
        return letter;
    }

    private static DeadLetters.Letter build(String id, SourceFile source, String executionId, SourceRecord record,
                                            String recordId, String orderId, List<Violation> reasons,
                                            Instant failedAt, JsonNode alteredItem) {
        DlqMessage message = Parking.fromReconciliation(reasons, record.value(), orderId, source.ref(), executionId,
                failedAt, recordId, record.index());
        ObjectNode body = DlqMessages.toTree(message);
        if (alteredItem != null) {
            body.set("alteredItem", alteredItem);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        DlqMessages.attributes(message).properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().path("StringValue").asText()));
        return new DeadLetters.Letter(id, Json.write(body), attributes);
    }
}
