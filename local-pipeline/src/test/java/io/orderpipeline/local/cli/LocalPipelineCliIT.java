package io.orderpipeline.local.cli;

import io.orderpipeline.local.template.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPipelineCliIT {

    private static String run(int expectedExit, String... args) {
        var out = new ByteArrayOutputStream();
        var exit = LocalPipelineCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void runPrintsWhereEveryOrderWentAndTheCost() {
        var home = ProjectFiles.home();
        var text = run(0, "run", "--no-progress", "--home", home.toString(), "-P", "MaxItemsPerBatch=7",
                home.resolve("events/orders/sample-orders.csv").toString(),
                home.resolve("events/orders/malformed.json").toString());

        assertThat(text).contains("incoming/sample-orders.csv").contains("incoming/malformed.json");
        // 20 in sample-orders.csv, and the one record of malformed.json read before it turned out unreadable
        assertThat(text).containsPattern("Orders read\\s+21");
        assertThat(text).containsPattern("In FILE messages\\s+1");
        assertThat(text).containsPattern("Valid, in table\\s+15");
        assertThat(text).containsPattern("In the DLQ\\s+5");
        assertThat(text).containsPattern("File failures\\s+1");
        assertThat(text).contains("OrderFile.Unreadable");
        // 20 records in batches of at most 7: 3 children
        assertThat(text).containsPattern("child executions 3");
        assertThat(text).contains("Conservation      OK");
        assertThat(text).contains("Estimated AWS cost of this work: $").contains("prices checked 2026-12-07");
        // the bill line by line, the writes apart, and the figure per million orders
        assertThat(text).containsPattern("CloudWatch Logs, state machine\\s+[0-9.,]+ KB\\s+\\$")
                .containsPattern("per million orders \\(from the 21 read\\): \\$[0-9.]+ = DynamoDB writes \\$[0-9.]+");
    }

    @Test
    void runSendsUrlEncodedKeysWhenAskedAndTheFileIsStillReadUnderItsOwnKey(@TempDir Path dir) throws Exception {
        var home = ProjectFiles.home();
        var file = dir.resolve("red flower+Zoë=1.jsonl");
        Files.copy(home.resolve("events/orders/sample-orders.jsonl"), file);
        var text = run(0, "run", "--no-progress", "--home", home.toString(), "--event-key-encoding", "url",
                file.toString());

        assertThat(text).contains("incoming/red flower+Zoë=1.jsonl").contains("SUCCEEDED")
                .contains("Conservation      OK").doesNotContain("File failures     1");
    }

    @Test
    void aslRunPrintsTheExecutionResult(@TempDir Path dir) throws Exception {
        var definition = dir.resolve("machine.json");
        Files.writeString(definition, """
                {"StartAt": "Add", "States": {"Add": {"Type": "Pass",
                  "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": true}}}
                """);
        var input = dir.resolve("input.json");
        Files.writeString(input, "{\"a\": 2, \"b\": 3}");
        assertThat(run(0, "asl-run", definition.toString(), input.toString()).trim())
                .isEqualTo("{\"status\":\"SUCCEEDED\",\"output\":{\"sum\":5}}");

        var failing = dir.resolve("fail.json");
        Files.writeString(failing, "{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\", \"Cause\": \"C\"}}}");
        assertThat(run(1, "asl-run", failing.toString()).trim()).isEqualTo("{\"status\":\"FAILED\",\"error\":\"E\",\"cause\":\"C\"}");
    }

    @Test
    void aslRunRunsJsonataAndVariableDefinitionsWithTheSameOutputShape(@TempDir Path dir) throws Exception {
        var definition = dir.resolve("jsonata.json");
        Files.writeString(definition, """
                {"QueryLanguage": "JSONata", "StartAt": "Keep", "States": {
                  "Keep": {"Type": "Pass", "Assign": {"price": "{% $states.input.price %}"}, "Next": "Use"},
                  "Use": {"Type": "Pass", "Output": {"price": "{% $price %}", "lines": "{% $count($states.input.lines) %}"},
                          "End": true}}}
                """);
        var input = dir.resolve("input.json");
        Files.writeString(input, "{\"price\": 9.950000000000000000000000000001, \"lines\": [1, 2]}");
        assertThat(run(0, "asl-run", definition.toString(), input.toString()).trim())
                .isEqualTo("{\"status\":\"SUCCEEDED\",\"output\":{\"price\":9.950000000000000000000000000001,\"lines\":2}}");

        var undefinedValue = dir.resolve("undefined.json");
        Files.writeString(undefinedValue, """
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.nothing %}", "End": true}}}
                """);
        assertThat(run(1, "asl-run", undefinedValue.toString()).trim()).isEqualTo("{\"status\":\"FAILED\","
                + "\"error\":\"States.QueryEvaluationError\",\"cause\":\"The JSONata expression '$states.input.nothing' "
                + "specified for the field 'Output' returned nothing (undefined).\"}");

        var invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, "{\"StartAt\": \"Missing\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        assertThat(run(2, "asl-run", invalid.toString())).isEmpty();
    }

    @Test
    void unknownParametersAreRefused() {
        var home = ProjectFiles.home();
        var out = new ByteArrayOutputStream();
        var exit = LocalPipelineCli.execute(new String[]{"run", "--home", home.toString(), "-P", "NoSuchParameter=1",
                home.resolve("events/orders/sample-orders.csv").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Conservation");
    }
}
