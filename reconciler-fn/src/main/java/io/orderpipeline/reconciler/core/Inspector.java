package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.wire.Parking.OrderFileError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * INSPECT (data-contracts.md §5): before the Distributed Map, picks the reader from the key's suffix in any case, and
 * checks that a CSV file's header row names every required column — a file without a header would otherwise have
 * its first order silently used as the header.
 */
public final class Inspector {

    /** The columns a CSV header must name (data-contracts.md §1: the contract's required fields). */
    public static final List<String> REQUIRED_COLUMNS = RecordFormat.REQUIRED_FIELDS;

    /** Reads the header row of a CSV object as the ItemReader does with {@code CSVHeaderLocation: FIRST_ROW}. */
    public interface HeaderReader {
        /**
         * @return the header's column names, or an empty list when the object has no row at all
         * @throws SourceRecords.Unreadable when the first row cannot be read
         */
        List<String> header(SourceFile file) throws IOException;
    }

    /** The first row cannot be a header (for example it names a column twice, as an order's empty cells do). */
    public static final class NotAHeader extends IOException {
        private static final long serialVersionUID = 1L;

        public NotAHeader(String message) {
            super(message);
        }
    }

    /** @param format null when the file is rejected; then {@code fileError} says why */
    public record Inspection(RecordFormat format, ReconciliationReport.FileError fileError) {
        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("format", format == null ? null : format.name());
            json.set("fileError", fileError == null ? JsonNodeFactory.instance.nullNode() : fileError.toJson());
            return json;
        }
    }

    private final HeaderReader headers;

    public Inspector(HeaderReader headers) {
        this.headers = headers;
    }

    public Inspection inspect(String bucket, String key, String versionId) throws IOException {
        Optional<RecordFormat> format = RecordFormat.tryFromKey(key);
        if (format.isEmpty()) {
            return new Inspection(null, new ReconciliationReport.FileError(OrderFileError.UNSUPPORTED_FORMAT.errorName(),
                    "The key " + key + " does not end in .json, .jsonl or .csv (in any case)"));
        }
        if (format.get() != RecordFormat.CSV) {
            return new Inspection(format.get(), null);
        }
        List<String> header;
        try {
            header = headers.header(new SourceFile(bucket, key, versionId, null, RecordFormat.CSV));
        } catch (NotAHeader e) {
            return new Inspection(null, new ReconciliationReport.FileError(OrderFileError.MISSING_COLUMNS.errorName(),
                    "The CSV file's first row is not a header row naming the required columns "
                            + String.join(", ", REQUIRED_COLUMNS) + ": " + e.getMessage()
                            + "; a CSV file must start with a header row"));
        } catch (SourceRecords.Unreadable e) {
            return new Inspection(null, new ReconciliationReport.FileError(OrderFileError.UNREADABLE.errorName(),
                    "The CSV file cannot be read (its header row and first record are checked before the map): " + e.getMessage()));
        }
        if (header.isEmpty()) {
            return new Inspection(null, new ReconciliationReport.FileError(OrderFileError.MISSING_COLUMNS.errorName(),
                    "The CSV file is empty: it has no header row naming " + String.join(", ", REQUIRED_COLUMNS)));
        }
        var missing = new ArrayList<String>();
        for (String column : REQUIRED_COLUMNS) {
            if (!header.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            return new Inspection(null, new ReconciliationReport.FileError(OrderFileError.MISSING_COLUMNS.errorName(),
                    "The CSV file's first row does not name the required column" + (missing.size() > 1 ? "s " : " ")
                            + String.join(", ", missing) + " (it is " + abbreviate(String.join(",", header))
                            + "): a CSV file must start with a header row"));
        }
        return new Inspection(RecordFormat.CSV, null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
