package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.ReasonCode;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What validation decided for each record of one batch, in batch order (data-contracts.md §2); the
 * {@link BatchOutputWriter} then decides what travels and what it defers.
 *
 * @param context  the ingestion context of every item of the batch
 * @param byReason invalid records per reason code — a record with several codes counts once under each of them
 */
record BatchOutcome(int received, IngestionContext context, List<Entry> entries, int valid, int invalid, int blank,
                    Map<ReasonCode, Integer> byReason) {

    /** One record's decision; {@code index} is its index in the file. */
    sealed interface Entry permits Valid, Invalid, Blank {
        long index();
    }

    /** A valid order; its DynamoDB item is encoded by {@link BatchOutputWriter}. */
    record Valid(long index, String recordId, Order order, String contentHash) implements Entry {
        String orderId() {
            return order.orderId();
        }
    }

    /** An invalid record: its DLQ body (JSON text), SQS message attributes and first reason. */
    record Invalid(long index, String recordId, String orderId, ReasonCode reason, String message,
                   ObjectNode attributes) implements Entry {
    }

    /** A CSV record of empty cells: a blank line, not a record (data-contracts.md §1). */
    record Blank(long index) implements Entry {
    }

    BatchOutcome {
        entries = List.copyOf(entries);
        EnumMap<ReasonCode, Integer> copy = new EnumMap<>(ReasonCode.class);
        copy.putAll(byReason);
        byReason = Collections.unmodifiableMap(copy);
    }
}
