package io.orderpipeline.local.template;

import java.net.URI;
import java.util.Locale;

/**
 * How the local pipeline names what CloudFormation would create: physical ids are the logical ids (buckets in
 * kebab case, as bucket names must be lower case), in account {@value #ACCOUNT_ID} and region {@value #REGION}.
 *
 * @param sqsEndpoint the ElasticMQ endpoint, for queue URLs
 */
public record LocalNames(URI sqsEndpoint) {
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";
    public static final String STACK_NAME = "order-pipeline-local";
    public static final String ALIAS = "live";

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
