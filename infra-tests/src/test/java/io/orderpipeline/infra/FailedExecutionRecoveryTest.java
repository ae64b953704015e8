package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * #12 §7: what docs/deploy.md tells an operator to do after a failed execution must work. A redrive continues from the
 * step that failed with the same input and definition (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html);
 * the workflow reports its own failures by parking a FILE message and ending in its Fail state, which a redrive would
 * only re-run. So the doc must send the operator to a re-upload, not to the console's redrive.
 */
class FailedExecutionRecoveryTest {

    private static final AslDefinition ASL = AslDefinition.load();

    /** The top-level states whose Next, Default, Choices or Catch lead to {@code target}. */
    private static List<String> predecessors(String target) {
        var found = new ArrayList<String>();
        ASL.root().path("States").fields().forEachRemaining(entry -> {
            var state = entry.getValue();
            var next = new ArrayList<JsonNode>(List.of(state.path("Next"), state.path("Default")));
            state.path("Choices").forEach(c -> next.add(c.path("Next")));
            state.path("Catch").forEach(c -> next.add(c.path("Next")));
            if (next.stream().anyMatch(n -> target.equals(n.asText()))) {
                found.add(entry.getKey());
            }
        });
        return found;
    }

    @Test
    void everyFailureTheWorkflowReportsIsParkedBeforeItEndsInTheWorkflowsOwnFailState() {
        var fails = ASL.allStates().stream().filter(s -> s.parent() == null && s.type().equals("Fail")).toList();
        assertThat(fails).as("top-level Fail states").isNotEmpty();
        for (var fail : fails) {
            var before = predecessors(fail.name());
            assertThat(before).as("states leading to %s", fail.name()).isNotEmpty();
            for (var name : before) {
                var state = ASL.state(name).body();
                assertThat(state.path("Resource").asText()).as("%s, before %s, parks the failure", name, fail.name())
                        .isEqualTo("arn:aws:states:::sqs:sendMessage");
                assertThat(state.path("Parameters").path("QueueUrl").asText()).isEqualTo("${DlqUrl}");
            }
        }
    }

    @Test
    void theDeployDocSendsTheOperatorToAReuploadAndSaysWhenARedriveApplies() throws IOException {
        var doc = Files.readString(ProjectFiles.resolve("docs/deploy.md"));
        assertThat(doc).doesNotContain("You can also redrive a failed execution from the Step Functions console");
        var start = doc.indexOf("### After a failed execution");
        assertThat(start).as("a section on failed executions").isNotNegative();
        var section = doc.substring(start, doc.indexOf("\n## ", start));
        assertThat(section).contains("Uploading the same file again", "same definition", "`Fail` state",
                "redrive-executions.html", "timed out, aborted");
    }
}
