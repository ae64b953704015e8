package io.orderpipeline.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates IAM requests with a real policy simulator: npm {@code @cloud-copilot/iam-simulate} (pinned in
 * {@code .ci/tools/package.json}, installed by {@code .ci/run} under {@code .tools/}), run by
 * {@code src/test/node/iam-simulate.mjs} for a whole batch at once. It applies AWS's evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): identity and resource
 * policies, explicit denies, conditions. Without node or the package the calling test is aborted with the reason.
 */
final class IamSimulator {

    static final Path TOOLS = ProjectFiles.resolve(".tools");
    private static final String SCRIPT = "infra-tests/src/test/node/iam-simulate.mjs";

    /** One request: who calls what on which exact ARN, with which request context, under which policies. */
    record Request(String principal, String action, String resource, Map<String, String> context,
                   List<Map<String, Object>> identityPolicies, Map<String, Object> resourcePolicy) {

        Map<String, Object> toSimulation(String accountId) {
            var request = new LinkedHashMap<String, Object>();
            request.put("principal", principal);
            request.put("action", action);
            request.put("resource", Map.of("resource", resource, "accountId", accountId));
            request.put("contextVariables", context);
            var simulation = new LinkedHashMap<String, Object>();
            simulation.put("request", request);
            simulation.put("identityPolicies", identityPolicies);
            if (resourcePolicy != null) {
                simulation.put("resourcePolicy", resourcePolicy);
            }
            return simulation;
        }

        @Override
        public String toString() {
            return principal.replaceFirst(".*[:/]", "") + " " + action + " on " + resource
                    + (context.isEmpty() ? "" : " " + context);
        }
    }

    /** An IAM action of a service, as the AWS Service Authorization Reference lists it (iam-data). */
    record Action(String action, String accessLevel, List<String> resourceTypes) {
    }

    /**
     * @param results one decision per request, in order: Allowed, ExplicitlyDenied, ImplicitlyDenied, or Error
     *                (the action does not apply to that kind of resource)
     */
    record Answer(String simulator, String iamData, List<String> results, Map<String, List<Action>> actions,
                  Map<String, List<String>> arnTypes) {
    }

    private IamSimulator() {
    }

    static Answer run(List<Request> requests) {
        return run(requests, List.of(), List.of());
    }

    /**
     * @param services whose actions to list (from the Service Authorization Reference data the simulator uses)
     * @param arns     whose resource types to name (the service's types whose ARN pattern matches)
     */
    static Answer run(List<Request> requests, Collection<String> services, Collection<String> arns) {
        var node = ExternalTool.require("node", "node is not installed; the IAM policies were NOT simulated");
        if (!Files.isDirectory(TOOLS.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
            ExternalTool.missing("@cloud-copilot/iam-simulate is not installed under .tools/ (bash .ci/run installs it from "
                    + ".ci/tools/package.json); the IAM policies were NOT simulated");
        }
        var simulations = new ArrayList<Object>();
        requests.forEach(r -> simulations.add(r.toSimulation(AwsNames.DEFAULT.accountId())));
        var parsed = ExternalTool.runJson(List.of(node.toString(), ProjectFiles.resolve(SCRIPT).toString(), TOOLS.toString()),
                Map.of("simulations", simulations, "services", List.copyOf(services), "arns", List.copyOf(arns)), 300,
                "the IAM simulator could not be loaded; the IAM policies were NOT simulated");
        var results = new ArrayList<String>();
        for (var r : Yamls.list(parsed.get("results"))) {
            results.add(String.valueOf(Yamls.map(r).get("result")));
        }
        var actions = new LinkedHashMap<String, List<Action>>();
        Yamls.map(parsed.get("actions")).forEach((service, list) -> {
            var parsedActions = new ArrayList<Action>();
            for (var a : Yamls.list(list)) {
                var m = Yamls.map(a);
                parsedActions.add(new Action(String.valueOf(m.get("action")), String.valueOf(m.get("accessLevel")),
                        Yamls.list(m.get("resourceTypes")).stream().map(String::valueOf).toList()));
            }
            actions.put(service, parsedActions);
        });
        var arnTypes = new LinkedHashMap<String, List<String>>();
        Yamls.map(parsed.get("arnTypes")).forEach((arn, types) ->
                arnTypes.put(arn, Yamls.list(types).stream().map(String::valueOf).toList()));
        return new Answer(String.valueOf(parsed.get("simulator")), String.valueOf(parsed.get("iamData")), results,
                actions, arnTypes);
    }
}
