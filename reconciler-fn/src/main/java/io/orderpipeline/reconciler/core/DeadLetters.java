package io.orderpipeline.reconciler.core;

import java.util.List;
import java.util.Map;

/** Sends DLQ messages: inline, or with the claim check when a body is over SQS's limit (data-contracts.md §7). */
public interface DeadLetters {

    /** SQS's limit for a message, body and attributes together (and the Extended Client's default threshold). */
    int SQS_MAX_MESSAGE_BYTES = io.orderpipeline.model.wire.DlqMessages.SQS_MAX_MESSAGE_BYTES;

    /**
     * @param id         unique within one call
     * @param attributes String message attributes
     */
    record Letter(String id, String body, Map<String, String> attributes) {
        /** Body and attributes as SQS measures a message (UTF-8 bytes of the body, each attribute's name, type, value). */
        public long sizeInBytes() {
            long size = io.orderpipeline.model.wire.DlqMessages.utf8Length(body);
            for (var e : attributes.entrySet()) {
                size += io.orderpipeline.model.wire.DlqMessages.utf8Length(e.getKey()) + "String".length()
                        + io.orderpipeline.model.wire.DlqMessages.utf8Length(e.getValue());
            }
            return size;
        }
    }

    /** @param error the service's error and message when not sent, else null */
    record Outcome(String id, boolean sent, boolean claimCheck, String error) {
    }

    /** Sends every letter; never throws for one letter's failure: its outcome says so. */
    List<Outcome> send(List<Letter> letters);
}
