package io.orderpipeline.asl.distributed;

import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a ResultWriter will upload, written as the children finish: one temporary file per status holding the JSON
 * array of child descriptions (Transformation NONE) in the order the children ended. AWS does not document an order
 * for the entries of a result file, so readers must not rely on one (the reconciler finds records by their index).
 * A finished child is described and written at once, never kept. Thread-safe; closing deletes the files.
 */
public final class ResultFiles implements AutoCloseable {

    /** One status's file: where it is, its entries and its size in bytes (the closing bracket included). */
    public record Spooled(Path file, long entries, long bytes) {
    }

    private final Map<ExecutionStatus, Spool> spools = new EnumMap<>(ExecutionStatus.class);

    /** @param directory where the files are written (created when missing) */
    public ResultFiles(Path directory) {
        for (ExecutionStatus status : ExecutionStatus.values()) {
            spools.put(status, new Spool(directory));
        }
    }

    /** Describes a finished child into its status's file. */
    public void add(ChildRun run) throws StatesError {
        byte[] entry = Json.write(run.describe()).getBytes(StandardCharsets.UTF_8);
        spools.get(run.status()).append(entry);
    }

    /** Closes the arrays; the files of statuses without entries are null. */
    public Spooled finish(ExecutionStatus status) throws StatesError {
        return spools.get(status).finish();
    }

    @Override
    public void close() {
        spools.values().forEach(Spool::delete);
    }

    private static final class Spool {
        private final Path directory;
        private Path file;
        private OutputStream out;
        private long entries;
        private long bytes;

        Spool(Path directory) {
            this.directory = directory;
        }

        synchronized void append(byte[] entry) throws StatesError {
            try {
                if (out == null) {
                    Files.createDirectories(directory);
                    file = Files.createTempFile(directory, "map-run-results-", ".json");
                    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                }
                out.write(entries == 0 ? '[' : ',');
                out.write(entry);
                entries++;
                bytes += entry.length + 1;
            } catch (IOException e) {
                throw failed(e);
            }
        }

        synchronized Spooled finish() throws StatesError {
            if (entries == 0) {
                return null;
            }
            try {
                if (out != null) {
                    out.write(']');
                    bytes++;
                    out.close();
                    out = null;
                }
            } catch (IOException e) {
                throw failed(e);
            }
            return new Spooled(file, entries, bytes);
        }

        synchronized void delete() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // the file goes anyway
            }
            ChildInputs.deleteQuietly(file);
        }

        private static StatesError failed(IOException e) {
            return new StatesError(ErrorNames.RESULT_WRITER_FAILED, "The executor cannot spool the map run's results: "
                    + e.getMessage());
        }
    }
}
