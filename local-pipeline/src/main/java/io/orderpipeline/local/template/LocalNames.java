package io.orderpipeline.local.template;

import io.orderpipeline.cfn.ResourceNames;
import io.orderpipeline.cfn.Template;

import java.net.URI;
import java.util.Locale;

/**
 * How the local pipeline names what CloudFormation would create: physical ids are the logical ids (buckets in
 * kebab case, as bucket names must be lower case), in account {@value #ACCOUNT_ID} and region {@value #REGION}.
 *
 * @param sqsEndpoint the ElasticMQ endpoint, for queue URLs
 */
public record LocalNames(URI sqsEndpoint) implements ResourceNames {
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";
    public static final String STACK_NAME = "order-pipeline-local";
    public static final String ALIAS = "live";

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public String accountId() {
        return ACCOUNT_ID;
    }

    @Override
    public String stackName() {
        return STACK_NAME;
    }

    @Override
    public Object ref(Template.Resource resource, io.orderpipeline.cfn.TemplateResolver<?> resolver) {
        var id = resource.logicalId();
        return switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> tableName(id);
            case "AWS::SQS::Queue" -> queueUrl(id);
            case "AWS::S3::Bucket" -> bucketName(id);
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> functionName(id);
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
                    stateMachineArn(resolver.stateMachineName(resource));
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + REGION + ":" + ACCOUNT_ID + ":" + id;
            default -> id;
        };
    }

    @Override
    public Object getAtt(Template.Resource resource, String attribute, io.orderpipeline.cfn.TemplateResolver<?> resolver) {
        var id = resource.logicalId();
        return switch (resource.type() + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> tableArn(id);
            case "AWS::DynamoDB::Table.StreamArn" -> tableArn(id) + "/stream/local";
            case "AWS::SQS::Queue.Arn" -> queueArn(id);
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(id);
            case "AWS::SQS::Queue.QueueName" -> queueName(id);
            case "AWS::S3::Bucket.Arn" -> bucketArn(id);
            case "AWS::S3::Bucket.DomainName" -> bucketName(id) + ".s3.amazonaws.com";
            case "AWS::S3::Bucket.RegionalDomainName" -> bucketName(id) + ".s3." + REGION + ".amazonaws.com";
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" -> functionArn(id);
            case "AWS::Serverless::StateMachine.Arn", "AWS::StepFunctions::StateMachine.Arn" ->
                    stateMachineArn(resolver.stateMachineName(resource));
            case "AWS::Serverless::StateMachine.Name", "AWS::StepFunctions::StateMachine.Name" -> resolver.stateMachineName(resource);
            case "AWS::SNS::Topic.TopicArn" -> ref(resource, resolver);
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT_ID + ":log-group:" + id;
            default -> throw new IllegalArgumentException("The local pipeline does not resolve !GetAtt " + id + "." + attribute);
        };
    }

    /** SAM's {@code Function.Alias} and {@code Function.Version}: the local pipeline runs one version, behind the alias. */
    @Override
    public Object samReference(Template.Resource resource, String suffix, io.orderpipeline.cfn.TemplateResolver<?> resolver) {
        return switch (suffix) {
            case "Alias" -> functionAliasArn(resource.logicalId());
            case "Version" -> functionArn(resource.logicalId()) + ":1";
            default -> throw new IllegalArgumentException("The local pipeline does not resolve !Ref " + resource.logicalId() + "." + suffix);
        };
    }

    public String tableName(String logicalId) {
        return logicalId;
    }

    public String queueName(String logicalId) {
        return logicalId;
    }

    public String queueUrl(String logicalId) {
        var base = sqsEndpoint.toString().replaceAll("/+$", "");
        return base + "/" + ACCOUNT_ID + "/" + queueName(logicalId);
    }

    public String queueArn(String logicalId) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + queueName(logicalId);
    }

    /** {@code OrdersBucket} becomes {@code orders-bucket}. */
    public String bucketName(String logicalId) {
        return logicalId.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    public String bucketArn(String logicalId) {
        return "arn:aws:s3:::" + bucketName(logicalId);
    }

    public String tableArn(String logicalId) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + tableName(logicalId);
    }

    public String functionName(String logicalId) {
        return logicalId;
    }

    public String functionArn(String logicalId) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName(logicalId);
    }

    public String functionAliasArn(String logicalId) {
        return functionArn(logicalId) + ":" + ALIAS;
    }

    public String stateMachineArn(String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT_ID + ":stateMachine:" + name;
    }
}
