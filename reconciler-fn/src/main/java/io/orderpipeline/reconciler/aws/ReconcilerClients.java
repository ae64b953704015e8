package io.orderpipeline.reconciler.aws;

import io.orderpipeline.lambda.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;

/**
 * The reconciler's SDK clients, built once per container from the function's environment with lambda-aws's
 * {@link AwsClients}, each counting its requests for the report ({@link RequestCounter}).
 */
public record ReconcilerClients(S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb) {

    public static ReconcilerClients from(Map<String, String> env) {
        var counter = new RequestCounter();
        return new ReconcilerClients(AwsClients.s3(env, counter), AwsClients.sqs(env, counter),
                AwsClients.dynamoDb(env, counter));
    }
}
