package io.orderpipeline.model;

import java.util.Locale;
import java.util.Optional;

/** The file formats the Distributed Map reads, chosen by the object key's suffix (see data-contracts.md §1). */
public enum RecordFormat {
    JSON(".json"),
    JSONL(".jsonl"),
    CSV(".csv");

    /**
     * The fields every order must have (data-contracts.md §1): a CSV file's header row must name each of them, or the
     * file fails as a whole before any row is read as an order.
     */
    public static final java.util.List<String> REQUIRED_FIELDS = java.util.List.of("orderId", "customerId",
            "orderDate", "currency", "items", "totalAmount");

    private final String suffix;

    RecordFormat(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** Whether numbers written as strings are accepted (only CSV: every cell is a string there). */
    public boolean acceptsNumbersAsStrings() {
        return this == CSV;
    }

    /**
     * The format of an S3 object key, by suffix (case-insensitive).
     *
     * @throws IllegalArgumentException for an unsupported suffix
     */
    public static RecordFormat fromKey(String s3Key) {
        return tryFromKey(s3Key).orElseThrow(() -> new IllegalArgumentException(
                "unsupported order file suffix (expected .json, .jsonl or .csv): " + s3Key));
    }

    /** Like {@link #fromKey} but empty for an unsupported suffix. */
    public static Optional<RecordFormat> tryFromKey(String s3Key) {
        if (s3Key == null) {
            return Optional.empty();
        }
        String lower = s3Key.toLowerCase(Locale.ROOT);
        // .jsonl before .json is not needed (endsWith is exact) but keep the longest suffix first for clarity
        if (lower.endsWith(JSONL.suffix)) {
            return Optional.of(JSONL);
        }
        if (lower.endsWith(JSON.suffix)) {
            return Optional.of(JSON);
        }
        if (lower.endsWith(CSV.suffix)) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }

    /** The format named in a batch's {@code BatchInput.format} ("JSON", "JSONL", "CSV"; case-insensitive). */
    public static RecordFormat fromName(String name) {
        return RecordFormat.valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
