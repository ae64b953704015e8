package io.orderpipeline.local.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under {@code java.io.tmpdir} that belongs to this process: named after its pid, deleted when closed and
 * when the JVM exits (Ctrl-C and SIGTERM included). A process killed before it could (SIGKILL, a crash) leaves it
 * behind; the next process that creates one with the same prefix deletes the directories of processes that are gone.
 * Holds what the local pipeline keeps on disk while it runs: S3's objects, a Distributed Map's child inputs and results.
 */
public final class ProcessDirectory implements AutoCloseable {

    private final Path path;
    private final Thread onExit;

    private ProcessDirectory(Path path) {
        this.path = path;
        this.onExit = new Thread(() -> delete(path), "delete " + path.getFileName());
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** A new directory {@code <java.io.tmpdir>/<prefix><pid>-<random>}, after deleting those of ended processes. */
    public static ProcessDirectory create(String prefix) throws IOException {
        return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    static ProcessDirectory create(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        sweep(parent, prefix);
        return new ProcessDirectory(Files.createTempDirectory(parent, prefix + ProcessHandle.current().pid() + "-"));
    }

    public Path path() {
        return path;
    }

    /** Deletes the directories under {@code parent} with this prefix whose process has ended; returns how many. */
    static int sweep(Path parent, String prefix) throws IOException {
        int deleted = 0;
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(prefix) || !Files.isDirectory(entry)) {
                    continue;
                }
                try {
                    long owner = Long.parseLong(name.substring(prefix.length()).split("-")[0]);
                    if (ProcessHandle.of(owner).isEmpty()) {
                        delete(entry);
                        deleted++;
                    }
                } catch (NumberFormatException notOurs) {
                    // a name with the prefix but no pid: not one of ours
                }
            }
        }
        return deleted;
    }

    /** Deletes the tree, best effort: what cannot be deleted now is swept by a later process. */
    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a later process sweeps it
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: a later process sweeps it
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it deletes the directory
        }
        delete(path);
    }
}
