package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What the SAM translator generates from the template's shorthand, read from its output rather than assumed: the
 * upload rule and its target, the roles and who assumes them.
 */
class GeneratedTemplateTest {

    private final DeployedStack stack = SamTranslator.deployed();

    @Test
    void theUploadRuleTargetsTheStateMachineWithItsOwnRoleRetriesAndDeadLetterQueue() {
        var rule = UploadRule.of(stack);
        assertThat(rule.bucket()).isEqualTo(stack.physicalName("OrdersBucket"));
        assertThat(rule.keyPrefix()).isEqualTo("incoming/");
        var targets = Yamls.list(stack.resource(rule.logicalId()).property("Targets"));
        assertThat(targets).hasSize(1);
        var target = Yamls.map(targets.getFirst());
        // the live alias, so that an execution runs the version the gradual deployment routes it to
        assertThat(stack.resolveString(target.get("Arn"))).isEqualTo(stack.arn("OrderPipelineStateMachine") + ":live");
        assertThat(target).doesNotContainKeys("Input", "InputPath", "InputTransformer"); // the whole event reaches DescribeSource
        var role = DeployedStack.logicalIdIn(target.get("RoleArn"));
        assertThat(stack.trustedServices(role)).containsExactly("events.amazonaws.com");
        assertThat(stack.resolveString(Yamls.at(target, "DeadLetterConfig", "Arn"))).isEqualTo(stack.arn("OrderFileEventsDlq"));
        assertThat(Yamls.map(target.get("RetryPolicy"))).containsEntry("MaximumEventAgeInSeconds", 86400);
        assertThat(stack.resolver().resolveMap(stack.resource(rule.logicalId()).property("EventPattern")))
                .containsEntry("source", java.util.List.of("aws.s3"))
                .containsEntry("detail-type", java.util.List.of("Object Created"));
    }

    @Test
    void eachFunctionAndTheStateMachineRunUnderARoleOnlyTheirServiceMayAssume() {
        for (var function : stack.resourcesOfType("AWS::Lambda::Function")) {
            assertThat(stack.trustedServices(DeployedStack.logicalIdIn(function.property("Role")))).as(function.logicalId())
                    .containsExactly("lambda.amazonaws.com");
        }
        var machine = stack.resource("OrderPipelineStateMachine");
        assertThat(stack.trustedServices(DeployedStack.logicalIdIn(machine.property("RoleArn")))).containsExactly("states.amazonaws.com");
        assertThat(stack.resolveString(machine.property("StateMachineName"))).isEqualTo("order-pipeline-order-pipeline");
    }

    @Test
    void theDefinitionIsSubstitutedWithTheDeployedNames() {
        var definition = stack.definition("OrderPipelineStateMachine").toString();
        assertThat(definition).doesNotContain("${")
                .contains(stack.arn("ValidatorFunctionAliaslive"))
                .contains(stack.physicalName("OrdersTable"))
                .contains(stack.resolveString(Map.of("Ref", "OrdersDlq")));
    }
}
