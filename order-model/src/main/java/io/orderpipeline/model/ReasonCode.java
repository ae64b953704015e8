package io.orderpipeline.model;

/**
 * Stable reason codes carried by DLQ messages, metrics dimensions and the validator output.
 * The names are a public contract (alarms, dashboards and the redrive match on them): add, never rename.
 */
public enum ReasonCode {
    // record-level
    MALFORMED_RECORD,
    RECORD_TOO_LARGE,
    MISSING_FIELD,
    // field rules
    INVALID_ORDER_ID,
    INVALID_CUSTOMER_ID,
    INVALID_DATE,
    FUTURE_DATE,
    INVALID_CURRENCY,
    NO_ITEMS,
    TOO_MANY_ITEMS,
    INVALID_SKU,
    DUPLICATE_SKU,
    INVALID_QUANTITY,
    NEGATIVE_PRICE,
    INVALID_AMOUNT,
    TOTAL_MISMATCH,
    // pipeline-level (state machine, redrive)
    DUPLICATE_ORDER_CONFLICT,
    PROCESSING_ERROR,
    FILE_ERROR,
    // reconciliation
    /** The order reached the table or the DLQ with other content than its file's record (data-contracts.md §5). */
    ALTERED_IN_TRANSIT
}
