package io.orderpipeline.asl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AslRunTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Outcome run(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = AslRun.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }

    private String file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    @Test
    void succeededPrintsStatusAndOutputAndExitsZero() throws Exception {
        String definition = file("d.json", """
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a, $.b)"},"End":true}}}""");
        var outcome = run("", definition, file("i.json", "{\"a\":1,\"b\":2}"));
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.stdout()).isEqualTo("{\"status\":\"SUCCEEDED\",\"output\":{\"sum\":3}}");
    }

    @Test
    void inputFromStdinAndFailureExitsOne() throws Exception {
        String definition = file("d.json", """
                {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","Cause":"because"}}}""");
        var outcome = run("{\"e\":\"My.Error\"}", definition, "-");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stdout()).isEqualTo("{\"status\":\"FAILED\",\"error\":\"My.Error\",\"cause\":\"because\"}");
    }

    @Test
    void taskStatesAreRejectedWithoutIntegrations() throws Exception {
        String definition = file("d.json", """
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}""");
        var outcome = run("", definition);
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(outcome.stderr()).contains("State 'T'").contains("arn:aws:states:::sqs:sendMessage");
    }

    @Test
    void usageAndUnreadableFilesExitTwo() throws Exception {
        assertThat(run("").exitCode()).isEqualTo(2);
        assertThat(run("", dir.resolve("missing.json").toString()).exitCode()).isEqualTo(2);
        assertThat(run("", file("bad.json", "{not json")).exitCode()).isEqualTo(2);
    }
}
