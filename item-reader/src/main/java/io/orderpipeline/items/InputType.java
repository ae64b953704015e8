package io.orderpipeline.items;

/** ReaderConfig {@code InputType} of an S3 {@code getObject} ItemReader. */
public enum InputType {
    /** The object holds one JSON array; each element is an item. */
    JSON,
    /** JSON Lines: each line holds one JSON value, which is an item. */
    JSONL,
    /** Delimited text; each record is an item, a JSON object of strings keyed by the header. */
    CSV
}
