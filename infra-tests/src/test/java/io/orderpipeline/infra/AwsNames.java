package io.orderpipeline.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import io.orderpipeline.cfn.ResourceNames;
import io.orderpipeline.cfn.Template.Resource;
import io.orderpipeline.cfn.TemplateResolver;

/**
 * Names the resources of a transformed template as CloudFormation does in a real account: a name the template
 * declares, else {@code <stack>-<LogicalId>-<suffix>} (lower case for buckets), with the ARN formats, queue URLs and
 * {@code Ref} / {@code Fn::GetAtt} return values of each resource type's reference page
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
 * What the IAM checks evaluate are these exact ARNs.
 */
record AwsNames(String region, String accountId, String stackName) implements ResourceNames {

    static final AwsNames DEFAULT = new AwsNames("us-east-1", "123456789012", "order-pipeline");

    /** The property that fixes a resource's physical name, by type. */
    private static final Map<String, String> NAME_PROPERTY = Map.ofEntries(
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::IAM::Role", "RoleName"),
            Map.entry("AWS::Events::Rule", "Name"),
            Map.entry("AWS::CloudWatch::Alarm", "AlarmName"),
            Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
            Map.entry("AWS::CodeBuild::Project", "Name"),
            Map.entry("AWS::CodeBuild::ReportGroup", "Name"),
            Map.entry("AWS::CodePipeline::Pipeline", "Name"));

    /**
     * The longest name of each type (the name property's maximum on its CloudFormation reference page, as in AWS's
     * resource provider schemas; SQS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html,
     * DynamoDB: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
     */
    static final Map<String, Integer> NAME_LIMIT = Map.ofEntries(
            Map.entry("AWS::DynamoDB::Table", 255),
            Map.entry("AWS::SQS::Queue", 80),
            Map.entry("AWS::S3::Bucket", 63),
            Map.entry("AWS::Lambda::Function", 64),
            Map.entry("AWS::StepFunctions::StateMachine", 80),
            Map.entry("AWS::Logs::LogGroup", 512),
            Map.entry("AWS::SNS::Topic", 256),
            Map.entry("AWS::IAM::Role", 64),
            Map.entry("AWS::Events::Rule", 64),
            Map.entry("AWS::CloudWatch::Alarm", 255),
            Map.entry("AWS::CodeDeploy::Application", 100),
            Map.entry("AWS::CodeDeploy::DeploymentGroup", 100));

    String physicalName(Resource resource, TemplateResolver<?> resolver) {
        var property = NAME_PROPERTY.get(resource.type());
        if (property != null && resource.property(property) != null) {
            return resolver.resolveString(resource.property(property));
        }
        var generated = generatedName(stackName, resource.logicalId(), suffix(resource.logicalId()),
                NAME_LIMIT.getOrDefault(resource.type(), 255));
        return resource.type().equals("AWS::S3::Bucket") ? generated.toLowerCase(Locale.ROOT) : generated;
    }

    /**
     * A name CloudFormation generates: {@code <stack>-<logical id>-<12-character tail>}; where that is longer than
     * {@code limit}, 13 characters are kept for the tail and its hyphen and the rest is split between the stack name
     * and the logical id around one more hyphen, the stack name rounding up and each part taking what the other
     * leaves. AWS documents no rule (its only example: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html);
     * this one reproduces names CloudFormation gave a 26-character stack (25/24 for a bucket, 25/25 for a role, a log
     * group whole: KensioSoftware/yulin#1113).
     */
    static String generatedName(String stack, String logicalId, String tail, int limit) {
        var whole = stack + "-" + logicalId + "-" + tail;
        if (whole.length() <= limit) {
            return whole;
        }
        int room = limit - 13 - 1;
        int stackPart = Math.min(stack.length(), Math.max((room + 1) / 2, room - logicalId.length()));
        int logicalPart = Math.min(logicalId.length(), room - stackPart);
        return stack.substring(0, stackPart) + "-" + logicalId.substring(0, logicalPart) + "-" + tail;
    }

    private static String suffix(String logicalId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(logicalId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key id shaped as KMS gives them (a UUID), derived from the logical id. */
    private static String keyId(String logicalId) {
        var hex = suffix(logicalId + "/key").toLowerCase(Locale.ROOT) + suffix(logicalId + "/id").toLowerCase(Locale.ROOT)
                + suffix(logicalId + "/more").toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
                + "-" + hex.substring(20, 32);
    }

    private String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    String queueUrl(String queueName) {
        return "https://sqs." + region + "." + urlSuffix() + "/" + accountId + "/" + queueName;
    }

    /** The queue ARN a queue URL of this account stands for. */
    String queueArnOfUrl(String url) {
        var name = url.substring(url.lastIndexOf('/') + 1);
        if (!url.equals(queueUrl(name))) {
            throw new IllegalArgumentException("not a queue URL of this deployment: " + url);
        }
        return arn("sqs", name);
    }

    String stateMachineArn(String name) {
        return arn("states", "stateMachine:" + name);
    }

    String executionArn(String stateMachineName, String execution) {
        return arn("states", "execution:" + stateMachineName + ":" + execution);
    }

    String functionArn(String name) {
        return arn("lambda", "function:" + name);
    }

    String tableArn(String name) {
        return arn("dynamodb", "table/" + name);
    }

    String alarmArn(String name) {
        return arn("cloudwatch", "alarm:" + name);
    }

    String deploymentGroupArn(String application, String group) {
        return arn("codedeploy", "deploymentgroup:" + application + "/" + group);
    }

    String logGroupArn(String name) {
        return arn("logs", "log-group:" + name);
    }

    String applicationArn(String name) {
        return arn("codedeploy", "application:" + name);
    }

    String ruleArn(String name) {
        return arn("events", "rule/" + name);
    }

    @Override
    public Object ref(Resource resource, TemplateResolver<?> resolver) {
        var name = physicalName(resource, resolver);
        return switch (resource.type()) {
            case "AWS::SQS::Queue" -> queueUrl(name);
            case "AWS::CodeBuild::ReportGroup" -> getAtt(resource, "Arn", resolver);
            case "AWS::KMS::Key" -> keyId(resource.logicalId());
            case "AWS::SNS::Topic", "AWS::StepFunctions::StateMachine", "AWS::Lambda::Alias", "AWS::Lambda::Version" ->
                    getAtt(resource, "Arn", resolver);
            // a state machine version's or alias's ARN: the machine's ARN and the version number or alias name
            case "AWS::StepFunctions::StateMachineVersion" -> resolver.resolveString(resource.property("StateMachineArn")) + ":1";
            case "AWS::StepFunctions::StateMachineAlias" -> stateMachineArnOf(resource, resolver) + ":"
                    + resolver.resolveString(resource.property("Name"));
            default -> name;
        };
    }

    @Override
    public Object getAtt(Resource resource, String attribute, TemplateResolver<?> resolver) {
        var name = physicalName(resource, resolver);
        return switch (resource.type() + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> tableArn(name);
            case "AWS::SQS::Queue.Arn" -> arn("sqs", name);
            case "AWS::SQS::Queue.QueueName" -> name;
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(name);
            case "AWS::S3::Bucket.Arn" -> "arn:" + partition() + ":s3:::" + name;
            case "AWS::Lambda::Function.Arn" -> functionArn(name);
            case "AWS::Lambda::Alias.Arn" -> resolver.resolveString(Map.of("Fn::GetAtt", java.util.List.of(
                    functionOf(resource), "Arn"))) + ":" + resolver.resolveString(resource.property("Name"));
            case "AWS::Lambda::Version.Arn" -> resolver.resolveString(Map.of("Fn::GetAtt", java.util.List.of(
                    functionOf(resource), "Arn"))) + ":1";
            case "AWS::Lambda::Version.Version" -> "1";
            case "AWS::StepFunctions::StateMachine.Arn" -> stateMachineArn(name);
            case "AWS::StepFunctions::StateMachine.Name" -> name;
            case "AWS::SNS::Topic.TopicArn", "AWS::SNS::Topic.Arn" -> arn("sns", name);
            case "AWS::SNS::Topic.TopicName" -> name;
            case "AWS::IAM::Role.Arn" -> "arn:" + partition() + ":iam::" + accountId + ":role/" + name;
            case "AWS::Events::Rule.Arn" -> ruleArn(name);
            case "AWS::Logs::LogGroup.Arn" -> arn("logs", "log-group:" + name + ":*");
            case "AWS::CloudWatch::Alarm.Arn" -> alarmArn(name);
            case "AWS::StepFunctions::StateMachineVersion.Arn" -> String.valueOf(ref(resource, resolver));
            case "AWS::KMS::Key.Arn" -> arn("kms", "key/" + keyId(resource.logicalId()));
            case "AWS::CodeBuild::Project.Arn" -> arn("codebuild", "project/" + name);
            case "AWS::CodeBuild::ReportGroup.Arn" -> arn("codebuild", "report-group/" + name);
            default -> throw new IllegalArgumentException("AwsNames has no Fn::GetAtt " + resource.type() + "." + attribute);
        };
    }

    /** A state machine alias's machine: the one its deployment preference's (or routing's) version belongs to. */
    private static String stateMachineArnOf(Resource resource, TemplateResolver<?> resolver) {
        var version = Yamls.at(resource.properties(), "DeploymentPreference", "StateMachineVersionArn");
        var arn = resolver.resolveString(version);
        return arn.substring(0, arn.lastIndexOf(':'));
    }

    /** The function an alias or version belongs to: its {@code FunctionName: {"Ref": X}}. */
    private static String functionOf(Resource resource) {
        var intrinsic = Intrinsic.of(resource.property("FunctionName"));
        if (intrinsic == null || !intrinsic.function().equals("Ref")) {
            throw new IllegalArgumentException(resource.logicalId() + " names its function without a Ref");
        }
        return String.valueOf(intrinsic.argument());
    }
}
