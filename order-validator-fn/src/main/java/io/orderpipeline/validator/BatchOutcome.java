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
 * What one batch produced (data-contracts.md §2 output).
 *
 * @param context  the ingestion context of every item of the batch
 * @param byReason orders per reason code — an order with several codes counts once under each of them
 */
record BatchOutcome(int received, IngestionContext context, List<Valid> valid, List<Invalid> invalid,
                    Map<ReasonCode, Integer> byReason) {

    /** A valid order; its DynamoDB item is streamed into the output by {@link BatchOutputWriter}. */
    record Valid(Order order) {
        String orderId() {
            return order.orderId();
        }
    }

    /** An invalid record: its DLQ body (JSON text) and SQS message attributes. */
    record Invalid(String orderId, String message, ObjectNode attributes) {
    }

    BatchOutcome {
        valid = List.copyOf(valid);
        invalid = List.copyOf(invalid);
        EnumMap<ReasonCode, Integer> copy = new EnumMap<>(ReasonCode.class);
        copy.putAll(byReason);
        byReason = Collections.unmodifiableMap(copy);
    }
}
