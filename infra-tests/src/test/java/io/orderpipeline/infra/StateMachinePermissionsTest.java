package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderpipeline.infra.IamGrants.Grant;

/**
 * The state machine role must allow exactly what the definition calls, each on the one resource it calls it on.
 * The required permissions are derived from the ASL (every Task integration, ItemReader and ResultWriter), so a new
 * state without a matching policy fails here rather than at run time in AWS.
 */
class StateMachinePermissionsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{(\\w+)}$");
    private static final Set<String> DATA_PLANE = Set.of("dynamodb", "sqs", "s3", "lambda", "sns", "kms");

    /** One permission the definition needs: an action on a template resource, optionally under a key prefix. */
    record Needed(String usedBy, String action, String logicalId, String arnMustContain) {
        @Override
        public String toString() {
            return usedBy + ": " + action + " on " + logicalId + (arnMustContain.isEmpty() ? "" : " (" + arnMustContain + ")");
        }
    }

    private static final SamTemplate TEMPLATE = SamTemplate.load();
    private static final AslDefinition ASL = AslDefinition.load();

    static List<Grant> stateMachineGrants() {
        return IamGrants.of(TEMPLATE.resource("OrderPipelineStateMachine").properties().get("Policies"));
    }

    /** The resource a substituted value such as {@code ${OrdersTableName}} stands for. */
    private static String resourceBehind(String value) {
        var m = PLACEHOLDER.matcher(value);
        if (!m.matches()) {
            throw new AssertionError("expected a ${Substitution} but found a literal: " + value);
        }
        var substitution = Yamls.map(TEMPLATE.resource("OrderPipelineStateMachine").properties()
                .get("DefinitionSubstitutions")).get(m.group(1));
        var refs = Intrinsic.references(substitution);
        assertThat(refs).as("resources behind ${%s}", m.group(1)).hasSize(1);
        return refs.iterator().next().replaceFirst("\\.(Alias|Version)$", "");
    }

    /** The key prefix the EventBridge rule lets through ("incoming/"), from the template's wildcard patterns. */
    static String uploadPrefix() {
        var keys = Yamls.list(Yamls.at(TEMPLATE.resource("OrderPipelineStateMachine").properties(),
                "Events", "OrderFileCreated", "Properties", "Pattern", "detail", "object", "key"));
        var prefixes = new TreeSet<String>();
        for (var key : keys) {
            var wildcard = String.valueOf(Yamls.map(key).get("wildcard"));
            prefixes.add(wildcard.substring(0, wildcard.indexOf('*')));
        }
        assertThat(prefixes).as("one upload prefix for all suffixes").hasSize(1);
        return prefixes.first();
    }

    static Stream<Needed> neededPermissions() {
        var needed = new ArrayList<Needed>();
        for (var state : ASL.allStates()) {
            var body = state.body();
            if (state.type().equals("Task")) {
                var resource = body.path("Resource").asText();
                var params = body.path("Parameters");
                switch (resource) {
                    case "arn:aws:states:::lambda:invoke" -> needed.add(new Needed(state.name(), "lambda:InvokeFunction",
                            resourceBehind(params.path("FunctionName").asText()), ""));
                    case "arn:aws:states:::dynamodb:putItem" -> needed.add(new Needed(state.name(), "dynamodb:PutItem",
                            resourceBehind(params.path("TableName").asText()), ""));
                    case "arn:aws:states:::sqs:sendMessage" -> needed.add(new Needed(state.name(), "sqs:SendMessage",
                            resourceBehind(params.path("QueueUrl").asText()), ""));
                    default -> fail("state %s uses integration %s, which this test does not know: add its permission check",
                            state.name(), resource);
                }
            }
            if (body.has("ItemReader")) {
                var reader = body.get("ItemReader");
                assertThat(reader.path("Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
                // The bucket comes from the event; the rule only forwards OrdersBucket keys under the upload prefix.
                needed.add(new Needed(state.name() + ".ItemReader", "s3:GetObject", "OrdersBucket", "/" + uploadPrefix() + "*"));
                if (reader.path("Parameters").has("VersionId.$")) {
                    needed.add(new Needed(state.name() + ".ItemReader", "s3:GetObjectVersion", "OrdersBucket",
                            "/" + uploadPrefix() + "*"));
                }
            }
            if (body.has("ResultWriter")) {
                var writer = body.get("ResultWriter");
                assertThat(writer.path("Resource").asText()).isEqualTo("arn:aws:states:::s3:putObject");
                var bucket = resourceBehind(writer.path("Parameters").path("Bucket").asText());
                var prefix = writer.path("Parameters").path("Prefix").asText();
                needed.add(new Needed(state.name() + ".ResultWriter", "s3:PutObject", bucket, "/" + prefix + "*"));
                needed.add(new Needed(state.name() + ".ResultWriter", "s3:AbortMultipartUpload", bucket, "/" + prefix + "*"));
            }
        }
        return needed.stream().distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neededPermissions")
    void definitionCallIsAllowedOnExactlyThatResource(Needed needed) {
        var grants = stateMachineGrants();
        var covering = grants.stream()
                .filter(g -> g.allows(needed.action()))
                .flatMap(g -> g.resources().stream())
                .filter(r -> !r.isWildcard() && r.logicalIds().contains(needed.logicalId())
                        && r.rendered().contains(needed.arnMustContain()))
                .toList();
        assertThat(covering)
                .as("a state machine policy allowing %s scoped to %s; grants are %s", needed.action(), needed.logicalId(), grants)
                .isNotEmpty();
    }

    @Test
    void theDefinitionCallsEveryKindOfResourceItIsMeantTo() {
        // Guards the derivation above: if it found nothing, the parameterized test would pass vacuously.
        var touched = neededPermissions().map(Needed::logicalId).collect(java.util.stream.Collectors.toSet());
        assertThat(touched).containsExactlyInAnyOrder("ValidatorFunction", "ReconcilerFunction", "OrdersTable", "OrdersDlq", "OrdersBucket");
    }

    @Test
    void noDataPlaneActionIsGrantedOnEveryResource() {
        for (var grant : stateMachineGrants()) {
            for (var action : grant.actions()) {
                var service = action.contains(":") ? action.substring(0, action.indexOf(':')) : action;
                if (DATA_PLANE.contains(service) || action.equals("*")) {
                    assertThat(grant.resources()).as("%s in %s", action, grant.source())
                            .noneMatch(IamGrants.ResourceRef::isWildcard);
                }
            }
        }
    }

    @Test
    void dataPlaneGrantsNameOnlyResourcesTheDefinitionTouches() {
        var touched = neededPermissions().map(Needed::logicalId).collect(java.util.stream.Collectors.toSet());
        for (var grant : stateMachineGrants()) {
            var services = grant.actions().stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
            if (services.stream().anyMatch(DATA_PLANE::contains)) {
                for (var resource : grant.resources()) {
                    assertThat(touched).as("%s grants on %s", grant.source(), resource.rendered())
                            .containsAll(resource.logicalIds());
                }
            }
        }
    }

    @Test
    void distributedMapMayStartAndManageChildExecutionsOfItsOwnStateMachineOnly() {
        var name = Intrinsic.render(TEMPLATE.resource("OrderPipelineStateMachine").properties().get("Name"));
        assertThat(name).as("the state machine needs a fixed Name so its role can name its own ARN")
                .isEqualTo("${AWS::StackName}-order-pipeline");
        var grants = stateMachineGrants();
        assertAllowedOn(grants, "states:StartExecution", ":stateMachine:" + name);
        assertAllowedOn(grants, "states:DescribeExecution", ":execution:" + name + ":");
        assertAllowedOn(grants, "states:StopExecution", ":execution:" + name + ":");
        assertAllowedOn(grants, "states:DescribeMapRun", ":mapRun:" + name + "/");
        assertAllowedOn(grants, "states:UpdateMapRun", ":mapRun:" + name + "/");
        assertAllowedOn(grants, "states:ListMapRuns", ":execution:" + name + ":");
        for (var grant : grants) {
            if (grant.actions().stream().anyMatch(a -> a.startsWith("states:"))) {
                assertThat(grant.resources()).as(grant.source())
                        .allMatch(r -> r.rendered().contains(":" + name) || r.rendered().contains(":" + name + "/"));
            }
        }
    }

    private static void assertAllowedOn(List<Grant> grants, String action, String arnPart) {
        assertThat(grants.stream().filter(g -> g.allows(action)).flatMap(g -> g.resources().stream())
                .anyMatch(r -> r.rendered().contains(arnPart)))
                .as("%s allowed on an ARN containing %s", action, arnPart)
                .isTrue();
    }

    @Test
    void redriveFunctionTouchesOnlyTheTableAndBothQueuesWithTheActionsItNeeds() {
        var grants = IamGrants.of(TEMPLATE.resource("RedriveFunction").properties().get("Policies"));
        var allowedTargets = Set.of("OrdersTable", "OrdersDlq", "OrdersParkingQueue");
        for (var grant : grants) {
            assertThat(grant.resources()).as(grant.source()).noneMatch(IamGrants.ResourceRef::isWildcard);
            for (var resource : grant.resources()) {
                assertThat(allowedTargets).as(grant.source()).containsAll(resource.logicalIds());
            }
            for (var action : grant.actions()) {
                if (action.startsWith("dynamodb:")) {
                    assertThat(action).as(grant.source()).isIn("dynamodb:PutItem", "dynamodb:GetItem");
                }
            }
        }
        assertThat(covers(grants, "sqs:ReceiveMessage", "OrdersDlq")).isTrue();
        assertThat(covers(grants, "sqs:DeleteMessage", "OrdersDlq")).isTrue();
        assertThat(covers(grants, "sqs:SendMessage", "OrdersDlq")).as("re-queue with a higher attempt count").isTrue();
        assertThat(covers(grants, "sqs:SendMessage", "OrdersParkingQueue")).isTrue();
        assertThat(covers(grants, "dynamodb:PutItem", "OrdersTable")).isTrue();
        assertThat(covers(grants, "sqs:ReceiveMessage", "OrdersParkingQueue"))
                .as("the redrive never consumes the parking queue").isFalse();
    }

    @Test
    void validatorFunctionNeedsNoPermissionsBeyondLogsAndTraces() {
        assertThat(TEMPLATE.resource("ValidatorFunction").properties()).doesNotContainKey("Policies");
    }

    private static boolean covers(List<Grant> grants, String action, String logicalId) {
        return grants.stream().filter(g -> g.allows(action))
                .flatMap(g -> g.resources().stream())
                .anyMatch(r -> r.logicalIds().contains(logicalId));
    }

}
