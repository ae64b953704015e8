package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an {@code upload} against a running {@code serve} still has to do, in
 * {@code .local-pipeline/uploads/<pid>.json}: the files not yet processed to the end, with their keys and content
 * hashes, and the template parameter overrides. Written before the first file, rewritten as each file's execution
 * ends, deleted when the command ends. Locally nothing is durable across a killed process — the execution lives in the
 * command's JVM, unlike Step Functions, whose executions survive the caller — so a journal left behind by a process
 * that is gone names the work it did not finish: {@code ./pipeline resume} (or uploading the same file again) finishes
 * it, idempotently (stored orders are rewritten with the same content).
 */
final class UploadJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of the command: its local path, its S3 key and the SHA-256 of its content when the command started. */
    record Pending(Path file, String key, String sha256) {
    }

    private final Path path;
    private final long pid;
    private final Instant processStart;
    private final Map<String, String> parameters;
    private final List<Pending> pending;

    private UploadJournal(Path path, long pid, Instant processStart, Map<String, String> parameters, List<Pending> pending) {
        this.path = path;
        this.pid = pid;
        this.processStart = processStart;
        this.parameters = Map.copyOf(parameters);
        this.pending = new ArrayList<>(pending);
    }

    static Path directory(Path workDirectory) {
        return workDirectory.resolve(".local-pipeline").resolve("uploads");
    }

    /** Records this process's uploads before the first one starts. */
    static UploadJournal begin(Path workDirectory, Map<String, String> parameters, List<Pending> files) {
        var self = ProcessHandle.current();
        var journal = new UploadJournal(directory(workDirectory).resolve(self.pid() + ".json"), self.pid(),
                self.info().startInstant().orElse(Instant.EPOCH), parameters, files);
        journal.write();
        return journal;
    }

    static Pending pending(Path file, String key) {
        return new Pending(file.toAbsolutePath().normalize(), key, sha256(file));
    }

    /** Journals whose process is gone: their pending files were not (completely) processed. */
    static List<UploadJournal> interrupted(Path workDirectory) {
        var dir = directory(workDirectory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(UploadJournal::read).filter(j -> j != null && !j.alive()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return pid;
    }

    Map<String, String> parameters() {
        return parameters;
    }

    synchronized List<Pending> pendingFiles() {
        return List.copyOf(pending);
    }

    /** The file's execution ended (whatever its outcome): nothing of it is left to resume. */
    synchronized void done(String key) {
        pending.removeIf(p -> p.key().equals(key));
        if (pending.isEmpty()) {
            delete();
        } else {
            write();
        }
    }

    synchronized void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process that wrote it still runs: same pid and same start time (a reused pid is another process). */
    private boolean alive() {
        return ProcessHandle.of(pid).filter(p -> p.isAlive()
                && p.info().startInstant().map(processStart::equals).orElse(true)).isPresent();
    }

    private synchronized void write() {
        var json = JSON.createObjectNode().put("pid", pid).put("processStart", processStart.toString());
        var params = json.putObject("parameters");
        parameters.forEach(params::put);
        var files = json.putArray("pending");
        pending.forEach(p -> files.addObject().put("file", p.file().toString()).put("key", p.key()).put("sha256", p.sha256()));
        try {
            Files.createDirectories(path.getParent());
            var temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UploadJournal read(Path file) {
        try {
            JsonNode json = JSON.readTree(file.toFile());
            var parameters = new LinkedHashMap<String, String>();
            json.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
            var pending = new ArrayList<Pending>();
            json.path("pending").forEach(p -> pending.add(new Pending(Path.of(p.path("file").asText()), p.path("key").asText(),
                    p.path("sha256").asText())));
            return new UploadJournal(file, json.path("pid").asLong(), Instant.parse(json.path("processStart").asText()),
                    parameters, pending);
        } catch (IOException | RuntimeException e) {
            return null; // a half-written journal (the process died while writing it) has nothing to resume
        }
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
