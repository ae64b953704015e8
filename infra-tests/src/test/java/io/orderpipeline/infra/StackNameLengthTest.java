package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderpipeline.cfn.Template;

/**
 * #21 §3: the CloudFormation execution role (deploy/cloudformation-role.yaml) scopes every statement by names that
 * start with the stack's name. For every stack name its StackName parameter allows, each resource of template.yaml
 * (as the SAM translator generates it), named as CloudFormation names it ({@link AwsNames#generatedName}: the stack
 * name shortened where a type's limit requires), must be one the role may create; the IAM simulator decides.
 */
class StackNameLengthTest {

    private static final String ROLE_TEMPLATE = "deploy/cloudformation-role.yaml";

    /** The longest stack name the role template's StackName parameter accepts. */
    private static int longestAllowed(Template roleTemplate) {
        var pattern = String.valueOf(roleTemplate.parameters().get("StackName").declaration().get("AllowedPattern"));
        int longest = 0;
        for (int n = 1; n <= 128; n++) {
            if (("o" + "r".repeat(n - 1)).matches(pattern)) {
                longest = n;
            }
        }
        assertThat(longest).as("StackName allows some length").isPositive();
        return longest;
    }

    /** What creating each resource of the stack asks IAM: (action, ARN) per logical id. */
    private static Map<String, String[]> creations(DeployedStack stack) {
        var names = stack.names();
        var creations = new LinkedHashMap<String, String[]>();
        for (var resource : stack.template().resources().values()) {
            var id = resource.logicalId();
            String[] call = switch (resource.type()) {
                case "AWS::Events::Rule" -> new String[] {"events:PutRule", stack.arn(id)};
                case "AWS::IAM::Role" -> new String[] {"iam:CreateRole", stack.arn(id)};
                case "AWS::Lambda::Function" -> new String[] {"lambda:CreateFunction", stack.arn(id)};
                case "AWS::S3::Bucket" -> new String[] {"s3:CreateBucket", stack.arn(id)};
                case "AWS::SQS::Queue" -> new String[] {"sqs:CreateQueue", stack.arn(id)};
                case "AWS::SNS::Topic" -> new String[] {"sns:CreateTopic", stack.arn(id)};
                case "AWS::DynamoDB::Table" -> new String[] {"dynamodb:CreateTable", stack.arn(id)};
                case "AWS::CloudWatch::Alarm" -> new String[] {"cloudwatch:PutMetricAlarm", stack.arn(id)};
                case "AWS::StepFunctions::StateMachine" -> new String[] {"states:CreateStateMachine", stack.arn(id)};
                // versions and aliases are authorized on the state machine's ARN (auth-version-alias.html)
                case "AWS::StepFunctions::StateMachineAlias" -> new String[] {"states:CreateStateMachineAlias",
                        stack.resolveString(Yamls.at(resource.properties(), "DeploymentPreference", "StateMachineVersionArn"))
                                .replaceFirst(":\\d+$", "")};
                case "AWS::StepFunctions::StateMachineVersion" -> new String[] {"states:PublishStateMachineVersion",
                        stack.resolveString(resource.property("StateMachineArn"))};
                case "AWS::Logs::LogGroup" -> new String[] {"logs:CreateLogGroup", names.logGroupArn(stack.physicalName(id))};
                case "AWS::CodeDeploy::Application" -> new String[] {"codedeploy:CreateApplication",
                        names.applicationArn(stack.physicalName(id))};
                case "AWS::CodeDeploy::DeploymentGroup" -> new String[] {"codedeploy:CreateDeploymentGroup",
                        names.deploymentGroupArn(stack.physicalName(DeployedStack.logicalIdIn(resource.property("ApplicationName"))),
                                stack.physicalName(id))};
                default -> null;
            };
            if (call != null) {
                creations.put(id, call);
            }
        }
        return creations;
    }

    /** The creations the execution role of a stack with this name does not allow. */
    private static List<String> refused(String stackName) throws IOException {
        var names = new AwsNames(AwsNames.DEFAULT.region(), AwsNames.DEFAULT.accountId(), stackName);
        var stack = new DeployedStack(SamTranslator.transform(List.of(Map.of())).templates().getFirst(), Map.of(), names);
        var roleStack = new DeployedStack(Template.load(ProjectFiles.resolve(ROLE_TEMPLATE)).root(), Map.of("StackName", stackName),
                new AwsNames(AwsNames.DEFAULT.region(), AwsNames.DEFAULT.accountId(), stackName + "-cfn-role"));
        var principal = roleStack.arn("CloudFormationExecutionRole");
        var policies = roleStack.identityPolicies("CloudFormationExecutionRole");
        var calls = creations(stack);
        var requests = new ArrayList<IamSimulator.Request>();
        calls.values().forEach(c -> requests.add(new IamSimulator.Request(principal, c[0], c[1], Map.of("aws:SecureTransport", "true"),
                policies, null)));
        var results = IamSimulator.run(requests).results();
        var refused = new ArrayList<String>();
        var ids = new ArrayList<>(calls.keySet());
        for (int i = 0; i < ids.size(); i++) {
            if (!results.get(i).equals("Allowed")) {
                refused.add(ids.get(i) + ": " + calls.get(ids.get(i))[0] + " on " + calls.get(ids.get(i))[1] + " (" + results.get(i) + ")");
            }
        }
        assertThat(calls.size()).as("resources checked").isGreaterThan(20);
        return refused;
    }

    private static String stackNameOf(int length) {
        return ("order-pipeline-" + "x".repeat(128)).substring(0, length);
    }

    @Test
    void theExecutionRoleMayCreateEveryResourceForEveryStackNameItAllows() throws IOException {
        var longest = longestAllowed(Template.load(ProjectFiles.resolve(ROLE_TEMPLATE)));
        for (var length : List.of(1, 14, longest)) {
            assertThat(refused(stackNameOf(length))).as("a %d-character stack name (%s)", length, stackNameOf(length)).isEmpty();
        }
    }

    /** Why the parameter stops where it does: one more character and the shortened names escape the patterns. */
    @Test
    void oneCharacterMoreAndShortenedNamesNoLongerMatch() throws IOException {
        var longest = longestAllowed(Template.load(ProjectFiles.resolve(ROLE_TEMPLATE)));
        assertThat(refused(stackNameOf(longest + 1))).as("a %d-character stack name", longest + 1).isNotEmpty();
        assertThat(AwsNames.generatedName("ChineseboostAnalyticsStack", "RainlyticsSummariesJobFunctionB1A2", "UjecjFhpdr1d", 64))
                .as("a real CloudFormation name (KensioSoftware/yulin#1113)").isEqualTo("ChineseboostAnalyticsStac-RainlyticsSummariesJobFun-UjecjFhpdr1d");
    }

    /** The GitHub deploy role names the same stacks: its StackName allows no more. */
    @Test
    void theGitHubDeployRoleAllowsTheSameStackNames() throws IOException {
        assertThat(longestAllowed(Template.load(ProjectFiles.resolve("deploy/github-oidc-role.yaml"))))
                .isEqualTo(longestAllowed(Template.load(ProjectFiles.resolve(ROLE_TEMPLATE))));
    }
}
