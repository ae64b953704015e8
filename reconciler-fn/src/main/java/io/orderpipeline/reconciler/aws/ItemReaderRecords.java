package io.orderpipeline.reconciler.aws;

import io.orderpipeline.items.CsvDelimiter;
import io.orderpipeline.items.Item;
import io.orderpipeline.items.ItemReadException;
import io.orderpipeline.items.ItemStream;
import io.orderpipeline.items.ReaderSpec;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.reconciler.core.Inspector;
import io.orderpipeline.reconciler.core.ObjectStore;
import io.orderpipeline.reconciler.core.SourceFile;
import io.orderpipeline.reconciler.core.SourceRecord;
import io.orderpipeline.reconciler.core.SourceRecords;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An order file's records from S3 (the version the execution was started for), split by the shared {@code item-reader}
 * exactly as the Distributed Map's ItemReader splits it (decision 1): same items, same indexes, exact numbers, strict
 * UTF-8. The state machine reads CSV with {@code CSVHeaderLocation: FIRST_ROW} and the default COMMA delimiter.
 */
public final class ItemReaderRecords implements SourceRecords, Inspector.HeaderReader {

    /**
     * Enough column names to take in a whole first row: AWS reads CSV headers of at most 10 KiB
     * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html), so at most 5,121 columns.
     */
    static final int MAX_HEADER_COLUMNS = 10_240;
    private static final ReaderSpec FIRST_ROW_BY_POSITION = ReaderSpec.csvWithHeaders(
            IntStream.range(0, MAX_HEADER_COLUMNS).mapToObj(i -> "#" + i).toList(), CsvDelimiter.COMMA).withMaxItems(1);

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
        ItemStream items = ItemStream.open(store.open(file.bucket(), file.key(), file.versionId()), spec(file.format()));
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

    /** The first row's cells, read as the ItemReader reads it: as a record under position names. */
    @Override
    public List<String> header(SourceFile file) throws IOException {
        try (ItemStream items = ItemStream.open(store.open(file.bucket(), file.key(), file.versionId()),
                FIRST_ROW_BY_POSITION)) {
            Item first = items.next();
            if (first == null) {
                return List.of();
            }
            var cells = new ArrayList<String>();
            first.value().forEach(cell -> cells.add(cell.asText()));
            // a row shorter than the positions is padded with empty strings: they are not columns
            while (!cells.isEmpty() && cells.getLast().isEmpty()) {
                cells.removeLast();
            }
            return cells;
        } catch (ItemReadException e) {
            throw new Unreadable(e.getMessage(), e);
        }
    }
}
