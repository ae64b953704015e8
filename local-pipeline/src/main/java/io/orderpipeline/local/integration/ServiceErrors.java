package io.orderpipeline.local.integration;

import io.orderpipeline.asl.spi.StatesError;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Names an SDK failure of a service integration the way Step Functions names it in the Task's failure, so the
 * definition's {@code Retry} and {@code Catch} meet the names they would meet on AWS. The sources are the AWS-validated
 * Step Functions provider of LocalStack ({@code state_task_service_dynamodb.py}, {@code state_task_service_sqs.py}),
 * the same the definition's error names are checked against (infra-tests {@code IntegrationErrorNamesTest}):
 * <ul>
 *   <li>DynamoDB: {@code DynamoDB.} + the service's error code, the {@code __type} of its error body
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html):
 *       {@code DynamoDB.RequestLimitExceeded}, {@code DynamoDB.InternalServerError},
 *       {@code DynamoDB.ConditionalCheckFailedException}; the cause is the service's message with the AWS Java SDK's
 *       details, {@code <message> (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: <code>; Request ID: <id>;
 *       Proxy: null)}.</li>
 *   <li>SQS: a rejection by the service is {@code SQS.SdkClientException}, its cause the service's message.</li>
 *   <li>A failure without a response from the service (connection refused, timeout):
 *       {@code <service>.SdkClientException}, as Step Functions names Lambda's
 *       (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html).</li>
 * </ul>
 */
final class ServiceErrors {

    private ServiceErrors() {
    }

    static StatesError dynamoDb(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            var details = service.awsErrorDetails();
            var code = details.errorCode().substring(details.errorCode().lastIndexOf('#') + 1);
            var message = details.errorMessage() != null ? details.errorMessage() : "";
            return new StatesError("DynamoDB." + code, message + " (Service: AmazonDynamoDBv2; Status Code: "
                    + service.statusCode() + "; Error Code: " + code + "; Request ID: " + service.requestId()
                    + "; Proxy: null)");
        }
        return unanswered("DynamoDB", "AmazonDynamoDBException", e);
    }

    static StatesError sqs(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            var message = service.awsErrorDetails().errorMessage();
            return new StatesError("SQS.SdkClientException", message != null ? message : e.getMessage());
        }
        return unanswered("SQS", "AmazonSQSException", e);
    }

    /** No error from the service to name: the client failed, or the service answered without an error code. */
    private static StatesError unanswered(String prefix, String generic, SdkException e) {
        return new StatesError(prefix + "." + (e instanceof SdkClientException ? "SdkClientException" : generic),
                e.getMessage());
    }
}
