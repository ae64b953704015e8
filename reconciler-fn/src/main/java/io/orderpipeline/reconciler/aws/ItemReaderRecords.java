package io.orderpipeline.reconciler.aws;

import io.orderpipeline.items.CsvDelimiter;
import io.orderpipeline.items.Item;
import io.orderpipeline.items.ItemReadException;
import io.orderpipeline.items.ItemStream;
import io.orderpipeline.items.ReaderSpec;
import io.orderpipeline.items.TextEncodings;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.reconciler.core.Inspector;
import io.orderpipeline.reconciler.core.ObjectStore;
import io.orderpipeline.reconciler.core.SourceFile;
import io.orderpipeline.reconciler.core.SourceRecord;
import io.orderpipeline.reconciler.core.SourceRecords;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An order file's records from S3 (the version the execution was started for), split by the shared {@code item-reader}
 * exactly as the Distributed Map's ItemReader splits it (decision 1): same items, same indexes, exact numbers, strict
 * UTF-8. The state machine reads CSV with {@code CSVHeaderLocation: FIRST_ROW} and the default COMMA delimiter.
 */
public final class ItemReaderRecords implements SourceRecords, Inspector.HeaderReader {

    private final ObjectStore store;

    public ItemReaderRecords(ObjectStore store) {
        this.store = store;
    }

    static ReaderSpec spec(RecordFormat format) {
        return switch (format) {
            case JSON -> ReaderSpec.json();
            case JSONL -> ReaderSpec.jsonLines();
            case CSV -> ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA);
        };
    }

    @Override
    public Cursor open(SourceFile file) throws IOException {
        ItemStream items;
        try {
            items = ItemStream.open(store.open(file.bucket(), file.key(), file.versionId()), spec(file.format()));
        } catch (ItemReadException e) {
            // the reader looks ahead when it opens: text that is not UTF-8 near the start fails here
            throw new Unreadable(e.getMessage(), e);
        }
        return new Cursor() {
            @Override
            public SourceRecord next() throws IOException {
                try {
                    Item item = items.next();
                    if (item == null) {
                        return null;
                    }
                    if (item.index() > Integer.MAX_VALUE) {
                        throw new Unreadable("more than " + Integer.MAX_VALUE + " records", null);
                    }
                    return new SourceRecord((int) item.index(), item.value(), item.bytes());
                } catch (ItemReadException e) {
                    throw new Unreadable(e.getMessage(), e);
                }
            }

            @Override
            public void close() throws IOException {
                items.close();
            }
        };
    }

    /** The one encoding rule of item-reader ({@link TextEncodings}) applied to the file's first bytes. */
    @Override
    public Optional<String> notUtf8(SourceFile file) throws IOException {
        return TextEncodings.notUtf8(store.firstBytes(file.bucket(), file.key(), file.versionId(),
                TextEncodings.SNIFF_BYTES));
    }

    /** The header row as the ItemReader reads it with {@code CSVHeaderLocation: FIRST_ROW}; empty for an empty object. */
    @Override
    public List<String> header(SourceFile file) throws IOException {
        try (ItemStream items = ItemStream.open(store.open(file.bucket(), file.key(), file.versionId()),
                ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA))) {
            return items.csvHeader().orElse(List.of());
        } catch (ItemReadException e) {
            if (e.problem() == ItemReadException.Problem.CSV_NO_HEADER) {
                return List.of();
            }
            if (e.problem() == ItemReadException.Problem.CSV_DUPLICATE_HEADER) {
                throw new Inspector.NotAHeader(e.getMessage());
            }
            throw new Unreadable(e.getMessage(), e);
        }
    }
}
