package io.orderpipeline.local.cli;

import io.orderpipeline.local.OrderFiles;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.template.ProjectFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes killed with SIGKILL ({@code kill -9}) half-way, against a running {@code serve}: the {@code ./pipeline}
 * jar started as {@code ./pipeline} starts it, killed, then the next command finishes the job. Locally nothing is
 * durable across a killed process (the execution lived in it, unlike a Step Functions execution); what is left is the
 * upload journal and, for a redrive, DLQ messages in flight.
 */
class KilledProcessIT {
    private static final Path JAR = Path.of("target", "local-pipeline.jar").toAbsolutePath();

    @TempDir
    Path work;
    private Rehearsal rehearsal;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        assertThat(JAR).as("built by the package phase, before the integration tests").isRegularFile();
        rehearsal = new Rehearsal(work);
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        rehearsal.close();
    }

    /** {@code ./pipeline <args>} as a process of its own in the rehearsal's directory (so against its serve). */
    private Process pipeline(String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Dorderpipeline.home=" + ProjectFiles.home());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("child-" + started.size() + ".out").toFile())
                .redirectError(work.resolve("child-" + started.size() + ".err").toFile());
        // what ./pipeline sets for Powertools outside Lambda
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "local-pipeline");
        builder.environment().put("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");
        builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        var process = builder.start();
        started.add(process);
        return process;
    }

    /** Waits until {@code condition} holds; fails if the process ends first (it finished before it could be killed). */
    private static void awaitWhileRunning(Process process, BooleanSupplier condition, Duration poll, Duration timeout)
            throws Exception {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(process.isAlive()).as("the process ended before it could be killed mid-way").isTrue();
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(poll.toMillis());
        }
    }

    private static void kill9(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no finally
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    private Path bigFile(String prefix, int valid, int invalid) {
        return rehearsal.file("big.jsonl", OrderFiles.render(OrderFiles.orders(prefix, valid, invalid), Format.JSONL));
    }

    private long journals() throws IOException {
        var dir = UploadJournal.directory(work);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aKilledUploadIsFinishedByResumeWithEveryValidOrderStoredOnce() throws Exception {
        var r = rehearsal;
        var file = bigFile("KILLED", 3_800, 200);
        var upload = pipeline("upload", file.toString());
        awaitWhileRunning(upload, () -> r.tableCount() >= 300, Duration.ofMillis(200), Duration.ofMinutes(3));

        kill9(upload);

        var stored = r.tableCount();
        assertThat(stored).as("killed half-way").isLessThan(3_800);
        assertThat(journals()).as("the killed upload's journal is left behind").isEqualTo(1);

        var resume = r.cli("resume");

        assertThat(resume.exit()).as(resume.toString()).isZero();
        assertThat(resume.err()).contains("resuming the upload of process " + upload.pid() + ": [incoming/big.jsonl]");
        assertThat(resume.out()).as(() -> resume + "\n" + r.cli("dlq", "--limit", "5").out()).contains("incoming/big.jsonl").contains("SUCCEEDED")
                .containsPattern("Orders read\\s+4,000").containsPattern("Valid, in table\\s+3,800")
                .contains("Conservation      OK");
        assertThat(r.tableCount()).as("every valid order once: the puts are idempotent").isEqualTo(3_800);
        assertThat(r.dlqVisibleAndInFlight()[0]).as("every invalid order parked (the killed run's own copies included)")
                .isGreaterThanOrEqualTo(200);
        assertThat(journals()).isZero();
        assertThat(r.cli("resume").out()).contains("Nothing to resume");
    }

    @Test
    void uploadingTheSameFileAgainFinishesAKilledUpload() throws Exception {
        var r = rehearsal;
        var file = bigFile("AGAIN", 3_800, 200);
        var upload = pipeline("upload", file.toString());
        awaitWhileRunning(upload, () -> r.tableCount() >= 300, Duration.ofMillis(200), Duration.ofMinutes(3));

        kill9(upload);

        var again = r.cli("upload", file.toString());

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.err()).contains("note: the upload of incoming/big.jsonl by process " + upload.pid()
                + " was interrupted; this upload processes the whole file again");
        assertThat(again.out()).as(() -> again + "\n" + r.cli("dlq", "--limit", "5").out())
                .containsPattern("Valid, in table\\s+3,800").contains("Conservation      OK");
        assertThat(r.tableCount()).isEqualTo(3_800);
        assertThat(journals()).as("the interrupted upload is checked off").isZero();
    }

    @Test
    void aKilledRedrivesMessagesComeBackWithinItsWindowAndTheRerunSaysTheyAreInFlight() throws Exception {
        var r = rehearsal;
        var fill = r.cli("upload", r.file("invalid.json", OrderFiles.render(OrderFiles.orders("REDRIVEKILL", 0, 1_000), Format.JSON)).toString());
        assertThat(fill.exit()).as(fill.toString()).isZero();
        assertThat(r.dlqVisibleAndInFlight()).containsExactly(1_000, 0);

        // filtered out, every message is held by the run until it ends: many in flight at once
        var redrive = pipeline("redrive", "--reason", "MISSING_FIELD", "--max", "1000");
        awaitWhileRunning(redrive, () -> r.dlqVisibleAndInFlight()[1] >= 100, Duration.ofMillis(20),
                Duration.ofMinutes(2));
        kill9(redrive);
        var killedAt = System.nanoTime();
        var held = r.dlqVisibleAndInFlight()[1];
        assertThat(held).as("the killed run's messages are in flight").isGreaterThanOrEqualTo(100);

        var rerun = r.cli("redrive", "--reason", "MISSING_FIELD", "--max", "1000");

        assertThat(rerun.exit()).as(rerun.toString()).isZero();
        assertThat(rerun.err()).containsPattern("[0-9,]+ DLQ messages are in flight and were not seen")
                .contains("within 30 s of a killed ./pipeline redrive");

        while (r.dlqVisibleAndInFlight()[1] > 0) {
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("back within the redrive's 30 s window, not"
                    + " the queue's 360 s").isLessThan(Duration.ofSeconds(45));
            Thread.sleep(250);
        }
        assertThat(r.dlqVisibleAndInFlight()).as("nothing lost").containsExactly(1_000, 0);
    }
}
