package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS's own linters over the template and the definition. They run when installed (cfn-lint with the machine's
 * Python, asl-validator through npm by .ci/run) and the tests report "aborted" with the reason when they are not.
 */
class StaticLintersTest {

    private static final Path ASL_VALIDATOR_LOCAL = ProjectFiles.resolve(".tools/node_modules/.bin/asl-validator");

    /** The stack's template and the delivery templates under deploy/ (#14, #23). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"template.yaml", "deploy/github-oidc-role.yaml",
            "deploy/cloudformation-role.yaml", "deploy/pipeline.yaml"})
    void cfnLintFindsNothingInTheTemplate(String template) throws Exception {
        var cfnLint = ExternalTool.require("cfn-lint",
                "cfn-lint is not installed (pip install cfn-lint); " + template + " was NOT linted");
        var result = ExternalTool.run(ProjectFiles.root(), Map.of(), 180,
                List.of(cfnLint.toString(), "--include-checks", "I", "--", template));
        // Informational findings count too (e.g. stateful resources without an explicit DeletionPolicy).
        assertThat(result.exitCode()).as("cfn-lint --include-checks I %s said:%n%s", template, result.output()).isZero();
    }

    @Test
    void aslValidatorAcceptsTheDefinitionAsWritten() throws Exception {
        var result = aslValidator(ProjectFiles.resolve(AslDefinition.PATH));
        assertThat(result.exitCode()).as("asl-validator said:%n%s", result.output()).isZero();
    }

    @Test
    void aslValidatorAcceptsTheDefinitionOnceCloudFormationHasSubstitutedIt(@TempDir Path dir) throws Exception {
        var parameters = SamTemplate.load().parameters();
        var values = Map.of(
                "OrdersTableName", "order-pipeline-OrdersTable-1A2B3C4D5E6F",
                "DlqUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/order-pipeline-OrdersDlq-1A2B3C4D5E6F",
                "ValidatorFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:order-pipeline-ValidatorFunction-1A2B3C:live",
                "ReconcilerFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:order-pipeline-ReconcilerFunction-4D5E6F:live",
                "OrdersBucketName", "order-pipeline-ordersbucket-1a2b3c4d5e6f",
                "MaxItemsPerBatch", String.valueOf(Yamls.map(parameters.get("MaxItemsPerBatch")).get("Default")),
                "MaxInputBytesPerBatch", String.valueOf(Yamls.map(parameters.get("MaxInputBytesPerBatch")).get("Default")),
                "MaxConcurrency", String.valueOf(Yamls.map(parameters.get("MaxConcurrency")).get("Default")));
        var substituted = AslDefinition.load().substituted(values);
        assertThat(substituted).doesNotContain("${");
        AslDefinition.JSON.readTree(substituted); // still JSON: no value broke the quoting
        var file = Files.writeString(dir.resolve("order-pipeline.asl.json"), substituted);

        var result = aslValidator(file);
        assertThat(result.exitCode()).as("asl-validator said:%n%s", result.output()).isZero();
    }

    private static ExternalTool.Result aslValidator(Path definition) throws Exception {
        var validator = ExternalTool.require("asl-validator",
                "asl-validator is not installed (npm install --prefix .tools asl-validator@4.0.0, as .ci/run does); "
                        + "the state machine definition was NOT linted", ASL_VALIDATOR_LOCAL);
        return ExternalTool.run(ProjectFiles.root(), Map.of(), 120,
                List.of(validator.toString(), "--json-path", definition.toString()));
    }
}
