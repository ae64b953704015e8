package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * #23 §1, on what AWS's SAM translator generates (not on the shorthand): every function's live alias moves through a
 * CodeDeploy deployment group with automatic rollback, its alarms and the pre-traffic hook; the state machine is
 * published as a version behind a live alias that Step Functions shifts gradually, and the upload rule starts that
 * alias. Both stages' parameter values (samconfig.toml) are translated.
 */
class GradualDeploymentTest {

    private static final Map<String, String> DEV = Map.of();
    private static final Map<String, String> PROD = Map.of("Stage", "prod", "FunctionDeploymentType", "Canary10Percent10Minutes",
            "StateMachineDeploymentType", "CANARY", "StateMachineDeploymentPercentage", "10", "StateMachineDeploymentInterval", "10");

    private static DeployedStack stack(String stage) {
        return SamTranslator.deployed(stage.equals("prod") ? PROD : DEV);
    }

    private static Map<String, Object> aliasUpdate(DeployedStack stack, String functionId) {
        var alias = stack.resource(functionId + "Aliaslive");
        assertThat(alias.type()).isEqualTo("AWS::Lambda::Alias");
        var update = Yamls.map(Yamls.at(alias.definition(), "UpdatePolicy", "CodeDeployLambdaAliasUpdate"));
        assertThat(update).as("%s's alias moves through CodeDeploy", functionId).isNotEmpty();
        return update;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void eachFunctionsAliasShiftsThroughCodeDeployWithRollbackItsAlarmsAndThePreTrafficHook(String stage) {
        var stack = stack(stage);
        var application = stack.resource("ServerlessDeploymentApplication");
        assertThat(application.property("ComputePlatform")).isEqualTo("Lambda");
        var expectedConfig = stage.equals("prod") ? "CodeDeployDefault.LambdaCanary10Percent10Minutes" : "CodeDeployDefault.LambdaAllAtOnce";
        var functions = List.of("ValidatorFunction", "RedriveFunction", "ReconcilerFunction");
        for (var function : functions) {
            var update = aliasUpdate(stack, function);
            assertThat(DeployedStack.logicalIdIn(update.get("ApplicationName"))).isEqualTo("ServerlessDeploymentApplication");
            assertThat(DeployedStack.logicalIdIn(update.get("BeforeAllowTrafficHook"))).isEqualTo("PreTrafficHook");
            var group = stack.resource(DeployedStack.logicalIdIn(update.get("DeploymentGroupName")));
            assertThat(group.type()).isEqualTo("AWS::CodeDeploy::DeploymentGroup");
            assertThat(stack.resolveString(group.property("DeploymentConfigName"))).as(function).isEqualTo(expectedConfig);
            assertThat(Yamls.map(group.property("AutoRollbackConfiguration"))).containsEntry("Enabled", true);
            assertThat(Yamls.list(Yamls.at(group.properties(), "AutoRollbackConfiguration", "Events")))
                    .contains("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM");
            assertThat(Yamls.at(group.properties(), "AlarmConfiguration", "Enabled")).isEqualTo(true);
            var alarms = Yamls.list(Yamls.at(group.properties(), "AlarmConfiguration", "Alarms")).stream()
                    .map(a -> DeployedStack.logicalIdIn(Yamls.map(a).get("Name"))).toList();
            var ownAlarm = function.replace("Function", "") + "NewVersionAlarm";
            assertThat(alarms).as("%s's deployment alarms", function).contains(ownAlarm);
            if (!function.equals("RedriveFunction")) {
                assertThat(alarms).as("orders unaccounted or altered roll the validator and reconciler back").contains("ReconciliationAlarm");
            }
            assertNewVersionAlarm(stack, ownAlarm, function);
            var role = DeployedStack.logicalIdIn(group.property("ServiceRoleArn"));
            assertThat(stack.trustedServices(role)).containsExactly("codedeploy.amazonaws.com");
        }
        // CodeDeploy reads each alias's provisioned concurrency (AWSCodeDeployRoleForLambda grants it); the IAM
        // simulator cannot decide that action on an alias ARN, so the grant is read here: the three aliases, no more
        var statements = Yamls.list(Yamls.at(Yamls.list(stack.resource("CodeDeployRole").property("Policies")).getFirst(),
                "PolicyDocument", "Statement"));
        var provisioned = statements.stream().map(Yamls::map)
                .filter(st -> "lambda:GetProvisionedConcurrencyConfig".equals(st.get("Action"))).toList();
        assertThat(provisioned).hasSize(1);
        assertThat(Yamls.list(provisioned.getFirst().get("Resource")).stream().map(stack::resolveString).toList())
                .containsExactlyInAnyOrderElementsOf(functions.stream().map(f -> stack.arn(f + "Aliaslive")).toList());
        // SAM's own role (AWSCodeDeployRoleForLambda: every function and alarm of the account) is not created
        assertThat(stack.template().findResource("CodeDeployServiceRole")).isEmpty();
    }

    /** The alarm watches the new version's errors (ExecutedVersion = the version the alias moves to) and the alias's throttles. */
    private static void assertNewVersionAlarm(DeployedStack stack, String alarmId, String function) {
        var alarm = stack.resource(alarmId);
        var version = stack.resolveString(Yamls.at(stack.resource(function + "Aliaslive").properties(), "FunctionVersion"));
        var metrics = new ArrayList<String>();
        for (var query : Yamls.list(alarm.property("Metrics"))) {
            var metric = Yamls.map(Yamls.at(query, "MetricStat", "Metric"));
            if (metric.isEmpty()) {
                continue;
            }
            var dimensions = new java.util.LinkedHashMap<String, String>();
            Yamls.list(metric.get("Dimensions")).forEach(d -> dimensions.put(String.valueOf(Yamls.map(d).get("Name")),
                    stack.resolveString(Yamls.map(d).get("Value"))));
            assertThat(dimensions).containsEntry("FunctionName", stack.physicalName(function))
                    .containsEntry("Resource", stack.physicalName(function) + ":live");
            if (metric.get("MetricName").equals("Errors")) {
                assertThat(dimensions).as("%s's errors are the new version's", alarmId).containsEntry("ExecutedVersion", version);
            }
            metrics.add(String.valueOf(metric.get("MetricName")));
        }
        assertThat(metrics).containsExactlyInAnyOrder("Errors", "Throttles");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theStateMachineIsAVersionBehindALiveAliasThatStepFunctionsShiftsAndTheUploadRuleStarts(String stage) {
        var stack = stack(stage);
        var alias = stack.resource("OrderPipelineStateMachineAliaslive");
        assertThat(alias.type()).isEqualTo("AWS::StepFunctions::StateMachineAlias");
        var preference = stack.resolver().resolveMap(alias.property("DeploymentPreference"));
        var version = stack.resource(DeployedStack.logicalIdIn(Yamls.at(alias.properties(), "DeploymentPreference", "StateMachineVersionArn")));
        assertThat(version.type()).isEqualTo("AWS::StepFunctions::StateMachineVersion");
        assertThat(DeployedStack.logicalIdIn(version.property("StateMachineArn"))).isEqualTo("OrderPipelineStateMachine");
        // an older version must outlive the update while executions still run on it
        assertThat(version.definition()).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        if (stage.equals("prod")) {
            assertThat(preference).containsEntry("Type", "CANARY");
            assertThat(String.valueOf(preference.get("Percentage"))).isEqualTo("10");
            assertThat(String.valueOf(preference.get("Interval"))).isEqualTo("10");
        } else {
            assertThat(preference).containsEntry("Type", "ALL_AT_ONCE").doesNotContainKeys("Percentage", "Interval");
        }
        var alarms = Yamls.list(Yamls.at(alias.properties(), "DeploymentPreference", "Alarms")).stream()
                .map(DeployedStack::logicalIdIn).toList();
        assertThat(alarms).containsExactlyInAnyOrder("PipelineFailureAlarm", "ReconciliationAlarm");
        var rule = UploadRule.of(stack);
        var target = Yamls.map(Yamls.list(stack.resource(rule.logicalId()).property("Targets")).getFirst());
        assertThat(stack.resolveString(target.get("Arn"))).isEqualTo(stack.arn("OrderPipelineStateMachineAliaslive"));
    }

    @Test
    void theStateMachinesRollbackAlarmLeavesOutTheFilesTheReconcilerRefused() {
        var stack = SamTranslator.deployed();
        var alarm = stack.resource("PipelineFailureAlarm");
        var metrics = Yamls.list(alarm.property("Metrics")).stream().map(Yamls::map).toList();
        var byId = new java.util.HashMap<String, Map<String, Object>>();
        String expression = null;
        for (var metric : metrics) {
            if (metric.containsKey("Expression")) {
                expression = String.valueOf(metric.get("Expression"));
                assertThat(metric.get("ReturnData")).isEqualTo(true);
            } else {
                byId.put(String.valueOf(metric.get("Id")), Yamls.map(Yamls.at(metric, "MetricStat", "Metric")));
            }
        }
        assertThat(byId.get("failed")).containsEntry("Namespace", "AWS/States").containsEntry("MetricName", "ExecutionsFailed");
        assertThat(byId.get("timedout")).containsEntry("MetricName", "ExecutionsTimedOut");
        // the reconciler's EMF metric (ReconcilerMetrics.FILES_REJECTED, service "reconciler")
        assertThat(byId.get("rejected")).containsEntry("Namespace", "OrderPipeline").containsEntry("MetricName", "FilesRejected");
        assertThat(String.valueOf(Yamls.map(Yamls.list(byId.get("rejected").get("Dimensions")).getFirst()).get("Value")))
                .isEqualTo("reconciler");
        assertThat(expression).isEqualTo("FILL(failed, 0) + FILL(timedout, 0) - FILL(rejected, 0)");
        assertThat(String.valueOf(alarm.property("ComparisonOperator"))).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void theDefinitionInvokesTheFunctionsLiveAliasesSoTheShiftReachesTheWorkflow() {
        var stack = SamTranslator.deployed();
        var definition = stack.definition("OrderPipelineStateMachine").toString();
        for (var function : List.of("ValidatorFunction", "ReconcilerFunction")) {
            assertThat(definition).contains(stack.arn(function + "Aliaslive"));
        }
    }

    /** The hook checks exactly the versions the aliases move to, one sample request each. */
    @Test
    void thePreTrafficHookChecksTheVersionsTheAliasesMoveTo() throws Exception {
        var stack = SamTranslator.deployed();
        var hook = stack.resource("PreTrafficHook");
        var checks = AslDefinition.JSON.readTree(stack.resolveString(Yamls.at(hook.properties(), "Environment", "Variables", "CHECKS")));
        var checked = new ArrayList<String>();
        for (JsonNode check : checks) {
            checked.add(check.path("function").asText());
            assertThat(check.path("event").isObject()).isTrue();
            assertThat(check.path("expect").size()).as("what %s must answer", check.path("function")).isPositive();
        }
        var versions = List.of("ValidatorFunction", "ReconcilerFunction", "RedriveFunction").stream()
                .map(f -> stack.resolveString(Yamls.at(stack.resource(f + "Aliaslive").properties(), "FunctionVersion")))
                .toList();
        assertThat(versions).allSatisfy(v -> assertThat(v).matches("\\d+"));
        assertThat(checked).containsExactlyInAnyOrder(
                stack.arn(RuntimeCalls.versionOf(stack, "ValidatorFunction")),
                stack.arn(RuntimeCalls.versionOf(stack, "ReconcilerFunction")),
                stack.arn(RuntimeCalls.versionOf(stack, "RedriveFunction")));
        assertThat(String.valueOf(hook.property("Runtime"))).startsWith("python3.");
    }
}
