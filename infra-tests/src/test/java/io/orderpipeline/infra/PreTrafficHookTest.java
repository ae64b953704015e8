package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pre-traffic hook's code exactly as template.yaml deploys it (Code.ZipFile), run by python3 with fake Lambda and
 * CodeDeploy clients ({@code src/test/python/pre_traffic_hook.py}) on the CHECKS the SAM translator resolves: it
 * reports Succeeded only when every new version answers as expected, Failed otherwise, and always reports.
 */
class PreTrafficHookTest {

    private static final String SCRIPT = "infra-tests/src/test/python/pre_traffic_hook.py";
    private static final Map<String, String> EVENT = Map.of("DeploymentId", "d-EXAMPLE1",
            "LifecycleEventHookExecutionId", "hook-execution-1");

    private final DeployedStack stack = SamTranslator.deployed();
    private final JsonNode checks = checks();

    private JsonNode checks() {
        try {
            return AslDefinition.JSON.readTree(checksText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String checksText() {
        return stack.resolveString(Yamls.at(stack.resource("PreTrafficHook").properties(), "Environment", "Variables", "CHECKS"));
    }

    /** What each version answers when it works: the values its check expects, at their paths. */
    private Map<String, Object> goodAnswers() {
        var answers = new LinkedHashMap<String, Object>();
        for (var check : checks) {
            var answer = AslDefinition.JSON.createObjectNode();
            check.path("expect").fields().forEachRemaining(e -> {
                var node = answer;
                var parts = e.getKey().split("\\.");
                for (int i = 0; i < parts.length - 1; i++) {
                    node = node.has(parts[i]) ? (com.fasterxml.jackson.databind.node.ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
                }
                node.set(parts[parts.length - 1], e.getValue());
            });
            answers.put(check.path("function").asText(), List.of(Map.of("payload", answer.toString())));
        }
        return answers;
    }

    private Map<String, Object> run(Map<String, Object> answers) {
        var python = ExternalTool.require("python3", "python3 is not installed; the pre-traffic hook was NOT run");
        var code = String.valueOf(Yamls.at(SamTemplate.load().resource("PreTrafficHook").properties(), "Code", "ZipFile"));
        assertThat(code.length()).as("CloudFormation's ZipFile limit").isLessThan(4096);
        var request = Map.of("code", code, "checks", checksText(), "event", EVENT, "answers", answers);
        return ExternalTool.runJson(List.of(python.toString(), ProjectFiles.resolve(SCRIPT).toString()), request, 60,
                "the hook harness could not run");
    }

    private static List<Map<String, Object>> reported(Map<String, Object> outcome) {
        return Yamls.list(outcome.get("reported")).stream().map(Yamls::map).toList();
    }

    @Test
    void everyNewVersionAnsweringAsExpectedLetsTrafficShift() {
        var outcome = run(goodAnswers());
        assertThat(reported(outcome)).containsExactly(Map.of("deploymentId", "d-EXAMPLE1",
                "lifecycleEventHookExecutionId", "hook-execution-1", "status", "Succeeded"));
        var invoked = Yamls.list(outcome.get("invocations")).stream().map(i -> String.valueOf(Yamls.list(i).getFirst())).toList();
        assertThat(invoked).containsExactlyInAnyOrderElementsOf(goodAnswers().keySet());
    }

    @Test
    void aVersionThatFailsOrAnswersOtherwiseStopsTheDeployment() {
        var first = checks.get(0).path("function").asText();
        var failing = new LinkedHashMap<>(goodAnswers());
        failing.put(first, List.of(Map.of("payload", "{\"errorMessage\":\"boom\"}", "functionError", "Unhandled")));
        var outcome = run(failing);
        assertThat(reported(outcome)).extracting(r -> r.get("status")).containsExactly("Failed");
        assertThat(String.valueOf(Yamls.map(outcome.get("returned")).get("problems"))).contains(first, "boom");

        var wrong = new LinkedHashMap<>(goodAnswers());
        var last = checks.get(checks.size() - 1).path("function").asText();
        wrong.put(last, List.of(Map.of("payload", "{}")));
        assertThat(reported(run(wrong))).extracting(r -> r.get("status")).containsExactly("Failed");

        var missing = new LinkedHashMap<>(goodAnswers());
        missing.put(last, List.of(Map.of("error", "ResourceNotFoundException")));
        assertThat(reported(run(missing))).as("an error calling Lambda is reported, not thrown").extracting(r -> r.get("status"))
                .containsExactly("Failed");
    }

    /** The role's policy names the new versions and changes in the same stack update: IAM may lag behind it. */
    @Test
    void accessDeniedWhileTheRolesNewPolicyAppliesIsRetried() {
        var answers = new LinkedHashMap<>(goodAnswers());
        var first = checks.get(0).path("function").asText();
        var good = Yamls.list(answers.get(first)).getFirst();
        answers.put(first, List.of(Map.of("error", "AccessDeniedException"), Map.of("error", "AccessDeniedException"), good));
        var outcome = run(answers);
        assertThat(reported(outcome)).extracting(r -> r.get("status")).containsExactly("Succeeded");
        assertThat(Yamls.list(outcome.get("invocations")).stream().filter(i -> first.equals(Yamls.list(i).getFirst()))).hasSize(3);
    }
}
