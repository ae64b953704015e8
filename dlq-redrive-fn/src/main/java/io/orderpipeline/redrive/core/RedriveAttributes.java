package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message attributes a redrive reads and writes. {@code lineageId} is the message id of the first message of a
 * chain (the state machine's original); every copy the redrive sends carries it, so two messages with one lineage
 * are copies of one order (e.g. after a crash between a send and the delete of the original).
 */
public final class RedriveAttributes {

    public static final String LINEAGE_ID = "lineageId";
    public static final String PARKED_AT = "parkedAt";
    /**
     * The record's deterministic identity (data-contracts.md §4): the same for the same record of the same key, so
     * repeats parked by a re-upload (or by the reconciler after a child's own send) are recognised without reading
     * the body, which for a claim check is in S3.
     */
    public static final String RECORD_ID = "recordId";

    private RedriveAttributes() {
    }

    /** Redrive attempts made so far (0 for a message straight from the state machine; 0 when unreadable). */
    public static int attempts(ReceivedMessage message) {
        String value = message.attribute(DlqMessages.ATTRIBUTE_REDRIVE_ATTEMPTS);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String lineageId(ReceivedMessage message) {
        String value = message.attribute(LINEAGE_ID);
        return value == null || value.isBlank() ? message.messageId() : value;
    }

    /** The message's {@code recordId} attribute; null when it has none (messages from before #11, FILE messages before #21). */
    public static String recordId(ReceivedMessage message) {
        String value = message.attribute(RECORD_ID);
        return value == null || value.isBlank() ? null : value;
    }

    public static String sourceKey(ReceivedMessage message) {
        return message.attribute(DlqMessages.ATTRIBUTE_SOURCE_KEY);
    }

    public static String reasonCode(ReceivedMessage message) {
        return message.attribute(DlqMessages.ATTRIBUTE_REASON_CODE);
    }

    /**
     * Attributes of the copy that replaces {@code original}: everything it had (its {@code recordId} too), overlaid
     * with order-model's DLQ attributes for the new body ({@code reasonCode}, {@code sourceKey},
     * {@code redriveAttempts}), the lineage kept, and {@code parkedAt} when it goes to the parking queue. Never the
     * claim-check size attribute ({@link ReceivedMessage#attributes()} holds none): the sender sets it again if the
     * copy is offloaded.
     */
    public static Map<String, MessageAttribute> forCopy(ReceivedMessage original, DlqMessage body, int attempts,
                                                        Instant parkedAt) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>(original.attributes());
        for (Map.Entry<String, JsonNode> e : DlqMessages.attributes(body, attempts).properties()) {
            attributes.put(e.getKey(), new MessageAttribute(e.getValue().path("DataType").asText(),
                    e.getValue().path("StringValue").asText(), null));
        }
        attributes.put(LINEAGE_ID, MessageAttribute.string(lineageId(original)));
        if (parkedAt != null) {
            attributes.put(PARKED_AT, MessageAttribute.string(parkedAt.toString()));
        }
        return attributes;
    }
}
