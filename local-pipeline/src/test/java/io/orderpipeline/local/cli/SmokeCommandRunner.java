package io.orderpipeline.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a {@code ./pipeline} command line in this JVM, as the script would, with its stdout and stderr captured. */
public final class SmokeCommandRunner {
    private SmokeCommandRunner() {
    }

    public record Run(int exit, String out, String err) {
    }

    /** @param work where {@code .local-pipeline/} (a serve's endpoints) is */
    public static Run run(Path work, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        synchronized (Rehearsal.class) {
            var originalErr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                var exit = LocalPipelineCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), work);
                return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(originalErr);
            }
        }
    }
}
