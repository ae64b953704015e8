package io.orderpipeline.local.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends everything the JVM prints on stdout (handlers' JSON logs and EMF lines, emulator banners) to
 * {@code .local-pipeline/logs/functions.log}, and keeps the real stdout for the report. Must run before anything
 * sets up logging: Log4j's console appender keeps the stream it found at start-up.
 */
final class FunctionLogs {
    private final PrintStream terminal;
    private final Path file;

    private FunctionLogs(PrintStream terminal, Path file) {
        this.terminal = terminal;
        this.file = file;
    }

    static FunctionLogs redirect(Path workDirectory) throws IOException {
        var file = workDirectory.resolve(".local-pipeline").resolve("logs").resolve("functions.log");
        Files.createDirectories(file.getParent());
        var terminal = System.out;
        System.setOut(new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8));
        return new FunctionLogs(terminal, file);
    }

    PrintStream terminal() {
        return terminal;
    }

    Path file() {
        return file;
    }
}
