package io.orderpipeline.items;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How to split one object: its ReaderConfig.
 *
 * @param type       JSON, JSONL or CSV
 * @param csvHeaders CSV only: null when the header is the first row ({@code CSVHeaderLocation: FIRST_ROW}, the
 *                   default), else the {@code CSVHeaders} given ({@code CSVHeaderLocation: GIVEN})
 * @param delimiter  CSV only ({@code CSVDelimiter}); COMMA by default
 * @param maxItems   {@code MaxItems}: read at most this many items (the rest of the object is not read); 0 means all
 */
public record ReaderSpec(InputType type, List<String> csvHeaders, CsvDelimiter delimiter, long maxItems) {

    public ReaderSpec {
        Objects.requireNonNull(type, "type");
        delimiter = delimiter == null ? CsvDelimiter.COMMA : delimiter;
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0");
        }
        if (csvHeaders != null) {
            if (type != InputType.CSV) {
                throw new IllegalArgumentException("CSV headers are only for InputType CSV");
            }
            if (csvHeaders.isEmpty()) {
                throw new IllegalArgumentException("CSVHeaderLocation GIVEN needs at least one header");
            }
            csvHeaders = List.copyOf(csvHeaders);
            var seen = new HashSet<String>();
            for (String header : csvHeaders) {
                if (!seen.add(header)) {
                    throw new IllegalArgumentException("CSVHeaders name '" + header + "' twice; one column would "
                            + "silently replace the other");
                }
            }
        }
    }

    /** A top-level JSON array. */
    public static ReaderSpec json() {
        return new ReaderSpec(InputType.JSON, null, null, 0);
    }

    /** JSON Lines. */
    public static ReaderSpec jsonLines() {
        return new ReaderSpec(InputType.JSONL, null, null, 0);
    }

    /** CSV whose first row is the header. */
    public static ReaderSpec csvWithHeaderRow(CsvDelimiter delimiter) {
        return new ReaderSpec(InputType.CSV, null, delimiter, 0);
    }

    /** CSV without a header row: every row is data, keyed by these headers. */
    public static ReaderSpec csvWithHeaders(List<String> headers, CsvDelimiter delimiter) {
        return new ReaderSpec(InputType.CSV, headers, delimiter, 0);
    }

    /** The same spec, reading at most {@code limit} items (0: all). */
    public ReaderSpec withMaxItems(long limit) {
        return new ReaderSpec(type, csvHeaders, delimiter, limit);
    }
}
