package io.orderpipeline.local.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a local run leaves on disk: nothing once it ends, however it ends short of SIGKILL; after a SIGKILL, nothing once
 * the next run starts. A 1,000,000-order file spools about 500 MB of child inputs and results while its Map runs.
 */
class ProcessDirectoryTest {

    private static final String PREFIX = "order-pipeline-test-spool-";

    @Test
    void closingDeletesTheDirectoryAndWhatIsInIt(@TempDir Path parent) throws Exception {
        var directory = ProcessDirectory.create(parent, PREFIX);
        Files.writeString(Files.createDirectories(directory.path().resolve("s3")).resolve("object"), "data");
        assertThat(directory.path().getFileName().toString()).startsWith(PREFIX + ProcessHandle.current().pid() + "-");

        directory.close();

        assertThat(directory.path()).doesNotExist();
    }

    @Test
    void theDirectoriesOfEndedProcessesAreDeletedByTheNextOneAndNothingElse(@TempDir Path parent) throws Exception {
        Process ended = new ProcessBuilder(javaCommand(), "-version").redirectErrorStream(true).start();
        ended.getInputStream().readAllBytes();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path leftOver = Files.createDirectories(parent.resolve(PREFIX + ended.pid() + "-1"));
        Files.writeString(leftOver.resolve("map-run-inputs-1.jsonl"), "{}");
        Path alive = Files.createDirectories(parent.resolve(PREFIX + ProcessHandle.current().pid() + "-2"));
        Path notOurs = Files.createDirectories(parent.resolve(PREFIX + "cache"));
        Path otherPrefix = Files.createDirectories(parent.resolve("something-else-" + ended.pid() + "-3"));

        try (var directory = ProcessDirectory.create(parent, PREFIX)) {
            assertThat(leftOver).as("its process has ended").doesNotExist();
            assertThat(alive).as("its process runs").exists();
            assertThat(notOurs).as("no pid in its name").exists();
            assertThat(otherPrefix).exists();
            assertThat(directory.path()).exists();
        }
    }

    @Test
    void aTerminatedRunLeavesNothingAndAKilledOnesDirectoryIsSweptByTheNext(@TempDir Path parent) throws Exception {
        Process terminated = child(parent);
        Path terminatedDirectory = Path.of(firstLine(terminated));
        assertThat(terminatedDirectory.resolve("spool.jsonl")).exists();
        terminated.destroy(); // SIGTERM, what Ctrl-C or a stopped container sends
        assertThat(terminated.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(terminatedDirectory).as("deleted on the way out").doesNotExist();

        Process killed = child(parent);
        Path killedDirectory = Path.of(firstLine(killed));
        killed.destroyForcibly(); // SIGKILL: no code runs
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killedDirectory).as("nothing could delete it").exists();

        assertThat(ProcessDirectory.sweep(parent, PREFIX)).isEqualTo(1);
        assertThat(killedDirectory).doesNotExist();
    }

    /** A JVM that creates its directory, writes a spool file, prints the directory and waits to be stopped. */
    private static Process child(Path parent) throws Exception {
        return new ProcessBuilder(javaCommand(), "-Djava.io.tmpdir=" + parent, "-cp", System.getProperty("java.class.path"),
                ProcessDirectoryTest.Child.class.getName(), PREFIX).redirectErrorStream(true).start();
    }

    private static String firstLine(Process process) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        assertThat(line).as("the child's directory").isNotNull();
        return line;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static final class Child {
        public static void main(String[] args) throws Exception {
            var directory = ProcessDirectory.create(args[0]);
            Files.writeString(directory.path().resolve("spool.jsonl"), "{}\n");
            System.out.println(directory.path());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
