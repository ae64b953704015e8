package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;

/** The orders table, written with the same conditional idempotent put as the state machine's {@code PutOrder}. */
public interface OrderTable {

    /** What a put did (or, for a dry run, would do). */
    enum WriteOutcome {
        /** the order id was new */
        WRITTEN,
        /** the same content was already stored (a replay: rewritten, nothing changed) */
        ALREADY_PRESENT,
        /** another content is stored under this order id: nothing written */
        CONFLICT
    }

    /**
     * The conditional idempotent put ({@link io.orderpipeline.model.wire.IdempotentWrite}) of an item in
     * attribute-value JSON. Throttling and other service errors (after the SDK's retries) are thrown: the caller
     * leaves the message in the queue.
     */
    WriteOutcome put(JsonNode item);

    /** What {@link #put} would do, by a consistent read of the stored content hash (dry runs: reads only). */
    WriteOutcome predict(JsonNode item);
}
