package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The inputs of one map run's children, collected before the first child starts (so an object the ItemReader cannot
 * read starts nothing, and the run's item and child totals are known, as ToleratedFailurePercentage needs) and then
 * handed out one at a time, in order. Items from an object are spooled to a temporary file, one child input per
 * line, so a map run holds only the batch being filled and the children in flight, whatever the object's size; items
 * from the state's input (already in memory, within the payload limit) stay in memory.
 * <p>
 * Collecting: {@link #add} the selected items in order, then {@link #finish}. Handing out: {@link #next} until null.
 * Closing deletes the spool. Not thread-safe.
 */
public final class ChildInputs implements AutoCloseable {

    /** One child's input and how many items it carries. */
    public record Child(JsonNode input, int itemCount) {
    }

    private final ItemBatcher.Batches batches; // null: one item per child
    private final Path spool;                  // null: in memory
    private final Deque<Child> memory = new ArrayDeque<>();
    private BufferedWriter writer;
    private BufferedReader reader;
    private long items;
    private long children;
    private long handedOut;

    private ChildInputs(ItemBatcher.Batches batches, Path spool) throws IOException {
        this.batches = batches;
        this.spool = spool;
        this.writer = spool == null ? null : Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
    }

    /** Child inputs held in memory (items that come from the state's input). */
    public static ChildInputs inMemory(ItemBatcher.Batches batches) {
        try {
            return new ChildInputs(batches, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // nothing is opened in memory
        }
    }

    /** Child inputs spooled to a temporary file in {@code directory} (items read from an object of any size). */
    public static ChildInputs spooled(ItemBatcher.Batches batches, Path directory) throws StatesError {
        Path file = null;
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "map-run-inputs-", ".jsonl");
            return new ChildInputs(batches, file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new StatesError(ErrorNames.RUNTIME, "The executor cannot spool the map run's items: " + e.getMessage());
        }
    }

    /** The next selected item, in item order. */
    public void add(JsonNode item) throws StatesError {
        items++;
        if (batches == null) {
            store(item, 1);
            return;
        }
        JsonNode closed = batches.add(item);
        if (closed != null) {
            store(closed, closed.get("Items").size());
        }
    }

    /** Every item was added: closes the last batch and starts handing out. */
    public void finish() throws StatesError {
        if (batches != null) {
            JsonNode last = batches.finish();
            if (last != null) {
                store(last, last.get("Items").size());
            }
        }
        if (spool != null) {
            try {
                writer.close();
                writer = null;
                reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw spoolFailed(e);
            }
        }
    }

    /** Items added. */
    public long items() {
        return items;
    }

    /** Child inputs made of them. */
    public long children() {
        return children;
    }

    /** The next child's input, or null when every child has had its input. */
    public Child next() throws StatesError {
        if (handedOut >= children) {
            return null;
        }
        handedOut++;
        if (spool == null) {
            return memory.removeFirst();
        }
        try {
            String line = reader.readLine();
            if (line == null) {
                throw new IOException("the spool ended after " + (handedOut - 1) + " of " + children + " inputs");
            }
            JsonNode input = Json.MAPPER.readTree(line);
            return new Child(input, batches == null ? 1 : input.get("Items").size());
        } catch (IOException e) {
            throw spoolFailed(e);
        }
    }

    private void store(JsonNode input, int itemCount) throws StatesError {
        children++;
        if (spool == null) {
            memory.addLast(new Child(input, itemCount));
            return;
        }
        try {
            // compact JSON has no raw line breaks: one input per line
            writer.write(Json.write(input));
            writer.write('\n');
        } catch (IOException e) {
            throw spoolFailed(e);
        }
    }

    private static StatesError spoolFailed(IOException e) {
        return new StatesError(ErrorNames.RUNTIME, "The executor cannot spool the map run's items: " + e.getMessage());
    }

    @Override
    public void close() {
        memory.clear();
        try {
            if (writer != null) {
                writer.close();
            }
            if (reader != null) {
                reader.close();
            }
        } catch (IOException ignored) {
            // the file goes anyway
        }
        deleteQuietly(spool);
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file the OS cleans up
        }
    }
}
