package io.orderpipeline.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The definition SAM deploys is exactly what the sources generate: an edit to order-pipeline.asl.json by hand, or to a
 * source without regenerating, fails the build (CI runs this with every test).
 */
class CommittedDefinitionTest {

    /** Surefire runs in the module's directory, which is statemachine/ itself. */
    private static final Path STATEMACHINE = Path.of("").toAbsolutePath();

    @Test
    void theCommittedDefinitionIsWhatTheSourcesGenerate() throws Exception {
        var committed = Files.readString(STATEMACHINE.resolve(DefinitionGenerator.DEFINITION), StandardCharsets.UTF_8);
        var generated = DefinitionGenerator.generate(STATEMACHINE);
        assertThat(committed)
                .as("statemachine/%s differs from what statemachine/source/ generates: edit the sources, then run "
                        + "./pipeline generate-asl (statemachine/README.md)", DefinitionGenerator.DEFINITION)
                .isEqualTo(generated);
        assertThat(DefinitionGenerator.upToDate(STATEMACHINE)).isTrue();
    }

    @Test
    void eachStepOfTheChildWorkflowIsWrittenOnceInTheSources() throws Exception {
        // The point of generating: a step's Retry is one edit. The child's states appear in no other source.
        var child = Files.readString(STATEMACHINE.resolve("source/child-workflow.asl.json"));
        var workflow = Files.readString(STATEMACHINE.resolve(DefinitionGenerator.WORKFLOW));
        assertThat(child).containsOnlyOnce("\"ValidateBatch\": {").containsOnlyOnce("\"PutOrder\": {");
        assertThat(workflow).doesNotContain("\"ValidateBatch").doesNotContain("\"PutOrder");
        var generated = DefinitionGenerator.generate(STATEMACHINE);
        for (var suffix : new String[] {"Json", "Jsonl", "Csv"}) {
            assertThat(generated).containsOnlyOnce("\"PutOrder" + suffix + "\": {");
        }
    }
}
