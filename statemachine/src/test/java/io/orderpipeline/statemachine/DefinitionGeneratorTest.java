package io.orderpipeline.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class DefinitionGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private void sources(String workflow, String child) throws Exception {
        Files.createDirectories(dir.resolve("source"));
        Files.writeString(dir.resolve(DefinitionGenerator.WORKFLOW), workflow.replace('\'', '"'));
        Files.writeString(dir.resolve("source/child.asl.json"), child.replace('\'', '"'));
    }

    private static final String CHILD = """
            {'StartAt': 'Work', 'States': {
              'Work': {'Type': 'Task', 'Resource': 'x', 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Failed'}], 'Next': 'Pick'},
              'Pick': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'StringEquals': 'Work', 'Next': 'Inner'}], 'Default': 'Done'},
              'Inner': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'Step', 'States': {'Step': {'Type': 'Pass', 'End': true}}}, 'Next': 'Done'},
              'Failed': {'Type': 'Fail'},
              'Done': {'Type': 'Succeed', 'Comment': 'Done'}}}
            """;

    @Test
    void aTemplateBecomesOneStatePerReaderInItsPlaceWithTheChildsStateNamesSuffixed() throws Exception {
        sources("""
                {'StartAt': 'First', 'States': {
                  'First': {'Type': 'Pass', 'Next': 'ProcessA'},
                  'Process': {'Type': 'Map', 'Comment': '@reader', 'ItemReader': {'ReaderConfig': '@reader'},
                    'ItemProcessor': '@child.asl.json', 'Next': 'Last',
                    'Readers': [{'Suffix': 'A', 'Comment': 'reads A', 'ReaderConfig': {'InputType': 'A'}},
                                {'Suffix': 'Bb', 'Comment': 'reads B', 'ReaderConfig': {'InputType': 'B'}}]},
                  'Last': {'Type': 'Succeed'}}}
                """, CHILD);

        var definition = JSON.readTree(DefinitionGenerator.generate(dir));

        assertThat(definition.path("States").propertyStream().map(java.util.Map.Entry::getKey))
                .containsExactly("First", "ProcessA", "ProcessBb", "Last");
        var b = definition.at("/States/ProcessBb");
        assertThat(b.path("Comment").asText()).isEqualTo("reads B");
        assertThat(b.at("/ItemReader/ReaderConfig/InputType").asText()).isEqualTo("B");
        assertThat(b.has("Readers")).isFalse();
        assertThat(b.path("Next").asText()).as("a reference outside the child keeps its name").isEqualTo("Last");
        var child = b.path("ItemProcessor");
        assertThat(child.path("StartAt").asText()).isEqualTo("WorkBb");
        assertThat(child.path("States").propertyStream().map(java.util.Map.Entry::getKey))
                .containsExactly("WorkBb", "PickBb", "InnerBb", "FailedBb", "DoneBb");
        assertThat(child.at("/States/WorkBb/Catch/0/Next").asText()).isEqualTo("FailedBb");
        assertThat(child.at("/States/WorkBb/Next").asText()).isEqualTo("PickBb");
        assertThat(child.at("/States/PickBb/Choices/0/Next").asText()).isEqualTo("InnerBb");
        assertThat(child.at("/States/PickBb/Default").asText()).isEqualTo("DoneBb");
        assertThat(child.at("/States/InnerBb/ItemProcessor/StartAt").asText()).isEqualTo("StepBb");
        assertThat(child.at("/States/InnerBb/ItemProcessor/States/StepBb/End").asBoolean()).isTrue();
        // values that merely equal a state name are data, not references
        assertThat(child.at("/States/PickBb/Choices/0/StringEquals").asText()).isEqualTo("Work");
        assertThat(child.at("/States/DoneBb/Comment").asText()).isEqualTo("Done");
    }

    @Test
    void theOutputIsTwoSpaceJsonWithOneArrayElementPerLineAndAFinalNewline() throws Exception {
        sources("{'StartAt': 'S', 'States': {'S': {'Type': 'Task', 'Retry': [{'ErrorEquals': ['A', 'B'], 'BackoffRate': 1.5}],"
                + " 'Parameters': {}, 'End': true}}}", CHILD);

        assertThat(DefinitionGenerator.generate(dir)).isEqualTo("""
                {
                  "StartAt": "S",
                  "States": {
                    "S": {
                      "Type": "Task",
                      "Retry": [
                        {
                          "ErrorEquals": [
                            "A",
                            "B"
                          ],
                          "BackoffRate": 1.5
                        }
                      ],
                      "Parameters": {},
                      "End": true
                    }
                  }
                }
                """);
    }

    @Test
    void aReaderFieldNoTemplateFieldAsksForIsAnError() throws Exception {
        sources("{'StartAt': 'P', 'States': {'P': {'Type': 'Map', 'Comment': '@reader', 'End': true,"
                + " 'Readers': [{'Suffix': 'A', 'Comment': 'c', 'ReaderConfg': {}}]}}}", CHILD);

        assertThatThrownBy(() -> DefinitionGenerator.generate(dir))
                .isInstanceOf(DefinitionGenerator.DefinitionSourceException.class).hasMessageContaining("ReaderConfg");
    }

    @Test
    void aTemplateFieldTheReaderLacksIsAnError() throws Exception {
        sources("{'StartAt': 'P', 'States': {'P': {'Type': 'Map', 'Comment': '@reader', 'End': true,"
                + " 'Readers': [{'Suffix': 'A'}]}}}", CHILD);

        assertThatThrownBy(() -> DefinitionGenerator.generate(dir))
                .isInstanceOf(DefinitionGenerator.DefinitionSourceException.class).hasMessageContaining("Comment");
    }

    @Test
    void aGeneratedNameThatCollidesIsAnError() throws Exception {
        sources("{'StartAt': 'PA', 'States': {'PA': {'Type': 'Pass', 'End': true}, 'P': {'Type': 'Pass', 'End': true,"
                + " 'Readers': [{'Suffix': 'A'}]}}}", CHILD);

        assertThatThrownBy(() -> DefinitionGenerator.generate(dir))
                .isInstanceOf(DefinitionGenerator.DefinitionSourceException.class).hasMessageContaining("PA");
    }

    @Test
    void writeReportsWhetherTheDefinitionChanged() throws Exception {
        sources("{'StartAt': 'S', 'States': {'S': {'Type': 'Succeed'}}}", CHILD);

        assertThat(DefinitionGenerator.upToDate(dir)).isFalse();
        assertThat(DefinitionGenerator.write(dir)).isTrue();
        assertThat(DefinitionGenerator.upToDate(dir)).isTrue();
        assertThat(DefinitionGenerator.write(dir)).isFalse();
    }
}
