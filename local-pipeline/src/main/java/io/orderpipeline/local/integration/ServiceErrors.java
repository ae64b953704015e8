package io.orderpipeline.local.integration;

import io.orderpipeline.asl.spi.StatesError;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into the error names Step Functions reports for its service integrations: the service prefix
 * and the exception class name ({@code DynamoDB.ConditionalCheckFailedException}); the SDK's generic service exception
 * keeps the name Step Functions uses for it ({@code DynamoDB.AmazonDynamoDBException}, {@code SQS.AmazonSQSException}).
 */
final class ServiceErrors {

    private ServiceErrors() {
    }

    static StatesError of(String prefix, String genericName, SdkException e) {
        String name;
        if (e instanceof SdkClientException) {
            name = "SdkClientException";
        } else if (e instanceof AwsServiceException service) {
            var simple = e.getClass().getSimpleName();
            var code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            // Modeled exceptions have their own class; an unmodeled one arrives as the generic class with a code.
            if (!simple.endsWith("DynamoDbException") && !simple.endsWith("SqsException")) {
                name = simple;
            } else if (code != null && code.endsWith("Exception")) {
                name = code.substring(code.lastIndexOf('#') + 1);
            } else {
                name = genericName;
            }
        } else {
            name = genericName;
        }
        return new StatesError(prefix + "." + name, e.getMessage());
    }
}
