package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.ReasonCode;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch produced (data-contracts.md §2 output).
 *
 * @param byReason orders per reason code — an order with several codes counts once under each of them
 */
record BatchOutcome(int received, List<Valid> valid, List<Invalid> invalid, Map<ReasonCode, Integer> byReason) {

    /** A valid order and its DynamoDB item. */
    record Valid(String orderId, ObjectNode item) {
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
