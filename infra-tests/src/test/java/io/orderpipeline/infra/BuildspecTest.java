package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.orderpipeline.cfn.CfnYaml;

/**
 * #23 §3: CodeBuild's buildspec.yml runs exactly the README's test command, on the JDK the functions run on (the
 * template's java runtime, through CodeBuild's runtime-versions), with every tool pinned and missing test tools
 * failing the build, before it builds and packages.
 */
class BuildspecTest {

    private static Map<String, Object> buildspec() throws IOException {
        return Yamls.map(CfnYaml.load(Files.readString(ProjectFiles.resolve("buildspec.yml"))));
    }

    private static List<String> commands(Map<String, Object> spec, String phase) {
        return Yamls.list(Yamls.at(spec, "phases", phase, "commands")).stream().map(String::valueOf).toList();
    }

    @Test
    void itRunsTheReadmesTestCommandThenBuildsAndPackages() throws IOException {
        var readme = Files.readString(ProjectFiles.resolve("README.md"));
        var command = Pattern.compile("(?m)^(\\./pipeline test)\\s+# every test").matcher(readme);
        assertThat(command.find()).as("the README's test command").isTrue();
        var build = commands(buildspec(), "build");
        assertThat(build.getFirst()).as("the first build command, as the README writes it").isEqualTo(command.group(1));
        assertThat(build.indexOf("sam build")).isPositive();
        assertThat(build.stream().filter(c -> c.startsWith("sam package")).findFirst()).get().asString()
                .contains("--s3-bucket \"${ARTIFACT_BUCKET}\"").contains("--kms-key-id \"${ARTIFACT_KEY_ARN}\"")
                .contains("--output-template-file packaged.yaml");
        assertThat(Yamls.map(Yamls.at(buildspec(), "env", "variables"))).containsEntry(ExternalTool.REQUIRE_TOOLS, "true");
    }

    @Test
    void itBuildsOnTheJdkTheFunctionsRunOn() throws IOException {
        var runtime = String.valueOf(SamTemplate.load().template().globalsFor("Function").get("Runtime"));
        var lambdaMajor = Integer.parseInt(runtime.replaceFirst("^java", ""));
        assertThat(lambdaMajor).isGreaterThanOrEqualTo(21);
        var java = String.valueOf(Yamls.at(buildspec(), "phases", "install", "runtime-versions", "java"));
        // https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html: "java: corretto21"
        assertThat(java).as("a pinned Corretto major, not latest").matches("corretto\\d+");
        assertThat(Integer.parseInt(java.replace("corretto", ""))).isEqualTo(lambdaMajor);
        var runtimes = Yamls.map(Yamls.at(buildspec(), "phases", "install", "runtime-versions"));
        assertThat(runtimes.values()).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("latest").doesNotEndWith(".x"));
    }

    @Test
    void itPinsTheSamCliTheWorkflowsUseAndInstallsThePinnedTestTools() throws IOException {
        var version = String.valueOf(Yamls.at(buildspec(), "env", "variables", "SAM_CLI_VERSION"));
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(commands(buildspec(), "install")).contains("python3 -m pip install --quiet \"aws-sam-cli==${SAM_CLI_VERSION}\"",
                ".ci/install-tools");
        for (var workflow : List.of("ci.yml", "sam-deploy.yml")) {
            assertThat(Files.readString(ProjectFiles.resolve(".github/workflows/" + workflow))).as(workflow)
                    .containsPattern("version: " + Pattern.quote(version) + "\\b");
        }
    }
}
