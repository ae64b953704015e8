package io.orderpipeline.redrive.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DLQ message as the redrive received it.
 *
 * @param body       what SQS holds: the DLQ body, or for a claim check the pointer to it
 * @param attributes its message attributes, without the claim check's own size attribute (the sender sets that again
 *                   when it offloads a copy, and a copy sent inline must not claim to be a pointer)
 * @param claimCheck whether the body is a pointer to the real body ({@link ClaimChecks})
 */
public record ReceivedMessage(String messageId, String receiptHandle, String body,
                              Map<String, MessageAttribute> attributes, boolean claimCheck) {

    public ReceivedMessage {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The string value of an attribute; null when the message has none of that name. */
    public String attribute(String name) {
        MessageAttribute value = attributes.get(name);
        return value == null ? null : value.stringValue();
    }
}
