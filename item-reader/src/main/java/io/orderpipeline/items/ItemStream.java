package io.orderpipeline.items;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of one object, split the way Step Functions' Distributed Map ItemReader splits an S3 object, read one at a
 * time (the object is never held in memory whole):
 * <pre>{@code
 * try (ItemStream items = ItemStream.open(in, ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA))) {
 *     for (Item item = items.next(); item != null; item = items.next()) {
 *         handle(item.index(), item.value(), item.bytes());
 *     }
 * }
 * }</pre>
 * The text must be UTF-8 ({@link TextEncodings}: UTF-16 and UTF-32 are refused at once); the first problem (invalid UTF-8, malformed JSON, a lone surrogate, a CSV without header,
 * …) ends the stream with an {@link ItemReadException} saying what and where. Values are exact trees
 * ({@link ExactJson}): numbers keep their text, strings are never altered. Not thread-safe.
 */
public final class ItemStream implements Closeable {

    private static final int BYTE_ORDER_MARK_LENGTH = 3;
    private static final int LOOK_AHEAD = Math.max(BYTE_ORDER_MARK_LENGTH, TextEncodings.SNIFF_BYTES);

    private final Splitter splitter;
    private final long maxItems;
    private long nextIndex;

    private ItemStream(Splitter splitter, long maxItems) {
        this.splitter = splitter;
        this.maxItems = maxItems;
    }

    /**
     * Starts reading {@code in} (the object's bytes) as {@code spec} says; closing the stream closes {@code in}.
     *
     * @throws IOException when {@code in} cannot be read
     */
    public static ItemStream open(InputStream in, ReaderSpec spec) throws IOException {
        var pushback = new PushbackInputStream(in, LOOK_AHEAD);
        rejectOtherEncodings(pushback);
        long offset = Undocumented.DROP_BYTE_ORDER_MARK && dropByteOrderMark(pushback) ? BYTE_ORDER_MARK_LENGTH : 0;
        var checked = new StrictUtf8InputStream(pushback, offset);
        Splitter splitter = switch (spec.type()) {
            case JSON -> new JsonArraySplitter(checked, offset);
            case JSONL -> new JsonLinesSplitter(checked, offset);
            case CSV -> new CsvSplitter(new InputStreamReader(checked, StandardCharsets.UTF_8), spec.delimiter(),
                    spec.csvHeaders());
        };
        return new ItemStream(splitter, spec.maxItems());
    }

    /**
     * The next item, or null when the object has no more (or {@code maxItems} were read).
     *
     * @throws ItemReadException when the object is not what its InputType says, or not UTF-8
     * @throws IOException       when the underlying stream fails
     */
    public Item next() throws IOException {
        if (maxItems > 0 && nextIndex >= maxItems) {
            return null;
        }
        JsonNode value = splitter.next();
        if (value == null) {
            return null;
        }
        return new Item(nextIndex++, value, ExactJson.sizeInBytes(value));
    }

    /**
     * CSV: the header the items are keyed by — the CSVHeaders given, or the object's first row (read now if no item
     * was read yet; it is never an item). Empty for JSON and JSONL.
     *
     * @throws ItemReadException when the object has no header row, or its header names a column twice
     */
    public Optional<List<String>> csvHeader() throws IOException {
        return splitter instanceof CsvSplitter csv ? Optional.of(csv.header()) : Optional.empty();
    }

    /** How many items were handed out so far. */
    public long itemsRead() {
        return nextIndex;
    }

    /**
     * The remaining items as a sequential stream; an {@link IOException} (an {@link ItemReadException} included)
     * surfaces as an {@link UncheckedIOException} whose cause it is.
     */
    public Stream<Item> stream() {
        Iterator<Item> iterator = new Iterator<>() {
            private Item ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = ItemStream.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ahead != null;
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Item item = ahead;
                ahead = null;
                return item;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public void close() throws IOException {
        splitter.close();
    }

    /** UTF-16 and UTF-32 fail here, with a BOM or without, the same way (the one rule: {@link TextEncodings}). */
    private static void rejectOtherEncodings(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(TextEncodings.SNIFF_BYTES);
        in.unread(head);
        var problem = TextEncodings.notUtf8(head);
        if (problem.isPresent()) {
            throw new ItemReadException(ItemReadException.Problem.NOT_UTF8, problem.get(), 1, 0, null);
        }
    }

    private static boolean dropByteOrderMark(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(BYTE_ORDER_MARK_LENGTH);
        if (head.length == BYTE_ORDER_MARK_LENGTH && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                && (head[2] & 0xFF) == 0xBF) {
            return true;
        }
        in.unread(head);
        return false;
    }
}
