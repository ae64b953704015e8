package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.wire.Parking.OrderFileError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * INSPECT (data-contracts.md §5), before the Distributed Map. In order, each step may reject the file:
 * <ol>
 *   <li>the format, from the key's suffix in any case (no S3 call: a deployment's pre-traffic check relies on it);</li>
 *   <li>the key: the one that holds the event's object, as received or decoded ({@link EventKeys});</li>
 *   <li>the size, from HeadObject (the event's {@code size} when it names one: then both agree): over the largest
 *       file the reconciler checks within Lambda's 15 minutes and its memory, the file is refused before the Map
 *       writes anything ({@code MaxFileBytes}, docs/deploy.md "Limits");</li>
 *   <li>the text encoding, from the file's first bytes (UTF-8 only, whatever AWS's ItemReader would make of another);</li>
 *   <li>for a CSV file, its header row: it must name every required column — a file without a header would
 *       otherwise have its first order silently used as the header.</li>
 * </ol>
 * A new check is one more step in {@link #inspect(ObjectCreated)}; the resolved object (its size too) is at hand.
 */
public final class Inspector {

    /** The columns a CSV header must name (data-contracts.md §1: the contract's required fields). */
    public static final List<String> REQUIRED_COLUMNS = RecordFormat.REQUIRED_FIELDS;

    /** What INSPECT reads at the start of a file, as the ItemReader would (implemented on item-reader). */
    public interface HeaderReader {
        /**
         * The header row of a CSV object as the ItemReader reads it with {@code CSVHeaderLocation: FIRST_ROW}.
         *
         * @return the header's column names, or an empty list when the object has no row at all
         * @throws SourceRecords.Unreadable when the first row cannot be read
         */
        List<String> header(SourceFile file) throws IOException;

        /** Why the file is not UTF-8 text, as far as its first bytes tell (UTF-16 or UTF-32); empty otherwise. */
        Optional<String> notUtf8(SourceFile file) throws IOException;
    }

    /** The first row cannot be a header (for example it names a column twice, as an order's empty cells do). */
    public static final class NotAHeader extends IOException {
        private static final long serialVersionUID = 1L;

        public NotAHeader(String message) {
            super(message);
        }
    }

    /**
     * The object an "Object Created" event names (its {@code detail.object}).
     *
     * @param key       as the event has it (maybe URL-encoded)
     * @param versionId null in a bucket that is not versioned
     * @param size      null when the event does not say
     * @param etag      null when the event does not say
     */
    public record ObjectCreated(String bucket, String key, String versionId, Long size, String etag) {
    }

    /**
     * @param key       the key that holds the event's object (what the Map, the reconciler and DLQ messages use); the
     *                  key as received when no candidate holds it
     * @param format    null when the file is rejected; then {@code fileError} says why
     */
    public record Inspection(String key, RecordFormat format, ReconciliationReport.FileError fileError) {
        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("key", key);
            json.put("format", format == null ? null : format.name());
            json.set("fileError", fileError == null ? JsonNodeFactory.instance.nullNode() : fileError.toJson());
            return json;
        }
    }

    private final EventKeys keys;
    private final HeaderReader files;
    private final long maxFileBytes;

    /** @param maxFileBytes the largest file accepted, in bytes ({@code MaxFileBytes}) */
    public Inspector(ObjectStore objects, HeaderReader files, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be at least 1, was " + maxFileBytes);
        }
        this.keys = new EventKeys(objects);
        this.files = files;
        this.maxFileBytes = maxFileBytes;
    }

    /** A file the event names by its real key, version only (SnapStart priming, tests). */
    public Inspection inspect(String bucket, String key, String versionId) throws IOException {
        return inspect(new ObjectCreated(bucket, key, versionId, null, null));
    }

    public Inspection inspect(ObjectCreated event) throws IOException {
        // the suffix first, from the event alone (no S3 call): URL-encoding leaves '.', letters and digits as they are
        if (RecordFormat.tryFromKey(event.key()).isEmpty()) {
            return rejected(event.key(), OrderFileError.UNSUPPORTED_FORMAT, unsupported(event.key()));
        }
        Optional<EventKeys.Resolved> resolved = keys.resolve(event.bucket(), event.key(), event.versionId(),
                event.size(), event.etag());
        if (resolved.isEmpty()) {
            return rejected(event.key(), OrderFileError.NOT_FOUND, notFound(event));
        }
        String key = resolved.get().key();
        Optional<RecordFormat> format = RecordFormat.tryFromKey(key);
        if (format.isEmpty()) {
            return rejected(key, OrderFileError.UNSUPPORTED_FORMAT, unsupported(key));
        }
        long size = resolved.get().object().size();
        if (size > maxFileBytes) {
            return rejected(key, OrderFileError.TOO_LARGE, tooLarge(size));
        }
        var file = new SourceFile(event.bucket(), key, event.versionId(), event.etag(), format.get());
        Optional<String> notUtf8 = files.notUtf8(file);
        if (notUtf8.isPresent()) {
            return rejected(key, OrderFileError.UNREADABLE, "The file cannot be read: " + notUtf8.get());
        }
        if (format.get() == RecordFormat.CSV) {
            Optional<ReconciliationReport.FileError> header = csvHeader(file);
            if (header.isPresent()) {
                return new Inspection(key, null, header.get());
            }
        }
        return new Inspection(key, format.get(), null);
    }

    private static String unsupported(String key) {
        return "The key " + quoted(key) + " does not end in .json, .jsonl or .csv (in any case)";
    }

    private String tooLarge(long size) {
        return String.format(Locale.ROOT, "The file is %,d bytes, over the limit of %,d bytes (MaxFileBytes): the"
                + " largest file the reconciler checks within Lambda's 15 minutes and its memory. Nothing was"
                + " processed; split it into files of at most %,d bytes and upload those", size, maxFileBytes,
                maxFileBytes);
    }

    private static String notFound(ObjectCreated event) {
        var tried = EventKeys.candidates(event.key()).stream()
                .map(c -> quoted(c.key()) + " (" + c.decoding().words() + ")").collect(Collectors.joining(", "));
        return "No object in s3://" + event.bucket() + " is the one the event names"
                + (event.versionId() == null ? "" : " (version " + event.versionId() + ")") + " under the key "
                + quoted(event.key()) + " as received or decoded; tried " + tried
                + ". It was deleted or overwritten before it could be read, or the event names another bucket's object";
    }

    private Optional<ReconciliationReport.FileError> csvHeader(SourceFile file) throws IOException {
        List<String> header;
        try {
            header = files.header(file);
        } catch (NotAHeader e) {
            return Optional.of(error(OrderFileError.MISSING_COLUMNS, "The CSV file's first row is not a header row"
                    + " naming the required columns " + names(REQUIRED_COLUMNS) + ": " + e.getMessage()
                    + "; a CSV file must start with a header row"));
        } catch (SourceRecords.Unreadable e) {
            return Optional.of(error(OrderFileError.UNREADABLE,
                    "The CSV file cannot be read (its header row and first record are checked before the map): "
                            + e.getMessage()));
        }
        if (header.isEmpty()) {
            return Optional.of(error(OrderFileError.MISSING_COLUMNS,
                    "The CSV file is empty: it has no header row naming " + names(REQUIRED_COLUMNS)));
        }
        var missing = new ArrayList<String>();
        for (String column : REQUIRED_COLUMNS) {
            if (!header.contains(column)) {
                missing.add(column);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(error(OrderFileError.MISSING_COLUMNS, "The CSV file's header row does not name the"
                + " required column" + (missing.size() > 1 ? "s " : " ") + names(missing) + "; its names are "
                + abbreviate(names(header)) + nearMisses(header, missing) + ". A CSV file must start with a header"
                + " row naming them, its cells separated by ',' alone"));
    }

    /** Required columns the header names with spaces around them, or in another case: said plainly, once. */
    private static String nearMisses(List<String> header, List<String> missing) {
        boolean commaSpace = header.size() > 1 && header.stream().skip(1).allMatch(n -> n.startsWith(" "));
        if (commaSpace) {
            String example = header.stream().skip(1).filter(n -> missing.contains(n.strip())).findFirst()
                    .orElse(header.get(1));
            return " (each name after the first starts with a space, so " + quoted(example) + " is not "
                    + quoted(example.strip()) + ": the cells are separated by ', ', a comma and a space)";
        }
        var notes = new ArrayList<String>();
        for (String name : header) {
            for (String column : missing) {
                if (!name.equals(column) && name.strip().equalsIgnoreCase(column) && notes.size() < 3) {
                    String how = !name.strip().equals(name)
                            ? (Character.isWhitespace(name.charAt(0)) ? "a space before it" : "a space after it")
                            : "another case";
                    notes.add(quoted(name) + " is " + quoted(column) + " with " + how);
                }
            }
        }
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }

    private static Inspection rejected(String key, OrderFileError error, String cause) {
        return new Inspection(key, null, error(error, cause));
    }

    private static ReconciliationReport.FileError error(OrderFileError error, String cause) {
        return new ReconciliationReport.FileError(error.errorName(), cause);
    }

    /** Names in single quotes, so spaces at their ends show. */
    private static String names(List<String> names) {
        return names.stream().map(Inspector::quoted).collect(Collectors.joining(", "));
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
