package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message attributes a redrive reads and writes. {@code lineageId} is the message id of the first message of a
 * chain (the state machine's original); every copy the redrive sends carries it, so two messages with one lineage
 * are copies of one order (e.g. after a crash between a send and the delete of the original).
 */
final class RedriveAttributes {

    static final String LINEAGE_ID = "lineageId";
    static final String PARKED_AT = "parkedAt";
    /**
     * The record's deterministic identity (data-contracts.md §4): the same for the same record of the same key, so
     * repeats parked by a re-upload (or by the reconciler after a child's own send) are recognised without reading
     * the body, which for a claim check is in S3.
     */
    static final String RECORD_ID = "recordId";

    private RedriveAttributes() {
    }

    /** Redrive attempts made so far (0 for a message straight from the state machine; 0 when unreadable). */
    static int attempts(Message message) {
        MessageAttributeValue value = message.messageAttributes().get(DlqMessages.ATTRIBUTE_REDRIVE_ATTEMPTS);
        if (value == null || value.stringValue() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.stringValue().trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String lineageId(Message message) {
        MessageAttributeValue value = message.messageAttributes().get(LINEAGE_ID);
        return value == null || value.stringValue() == null || value.stringValue().isBlank()
                ? message.messageId() : value.stringValue();
    }

    /** The message's {@code recordId} attribute (a FILE message's is its file's); null when it has none. */
    static String recordId(Message message) {
        MessageAttributeValue value = message.messageAttributes().get(RECORD_ID);
        return value == null || value.stringValue() == null || value.stringValue().isBlank() ? null
                : value.stringValue();
    }

    static String sourceKey(Message message) {
        MessageAttributeValue value = message.messageAttributes().get(DlqMessages.ATTRIBUTE_SOURCE_KEY);
        return value == null ? null : value.stringValue();
    }

    /**
     * Attributes of the copy that replaces {@code original}: everything it had (its {@code recordId} too), overlaid
     * with order-model's DLQ attributes for the new body ({@code reasonCode}, {@code sourceKey},
     * {@code redriveAttempts}), the lineage kept, and {@code parkedAt} when it goes to the parking queue. Not the
     * claim-check size attribute: the extended client sets it again if the copy is offloaded, and a copy sent inline
     * must not claim to be a pointer.
     */
    static Map<String, MessageAttributeValue> forCopy(Message original, DlqMessage body, int attempts,
                                                      Instant parkedAt) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(original.messageAttributes());
        attributes.keySet().removeIf(ClaimChecks::isReservedAttribute);
        for (Map.Entry<String, JsonNode> e : DlqMessages.attributes(body, attempts).properties()) {
            attributes.put(e.getKey(), MessageAttributeValue.builder()
                    .dataType(e.getValue().path("DataType").asText())
                    .stringValue(e.getValue().path("StringValue").asText())
                    .build());
        }
        attributes.put(LINEAGE_ID, string(lineageId(original)));
        if (parkedAt != null) {
            attributes.put(PARKED_AT, string(parkedAt.toString()));
        }
        return attributes;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
