package io.orderpipeline.reconciler.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.Map;

/**
 * The reconciler's SDK clients, built once per container from the function's environment: URL-connection HTTP client,
 * the region from {@code AWS_REGION}, the request counter, and — when the local pipeline runs the function against its
 * emulators — the endpoint overrides and keys it passes in that environment ({@code AWS_ENDPOINT_URL_<SERVICE>}).
 */
public record AwsClients(S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb) {

    public static AwsClients from(Map<String, String> env) {
        var counter = new RequestCounter();
        String s3Endpoint = env.get("AWS_ENDPOINT_URL_S3");
        S3Client s3 = build(S3Client.builder().forcePathStyle(s3Endpoint != null), env, s3Endpoint, counter);
        SqsClient sqs = build(SqsClient.builder(), env, env.get("AWS_ENDPOINT_URL_SQS"), counter);
        DynamoDbClient dynamoDb = build(DynamoDbClient.builder(), env, env.get("AWS_ENDPOINT_URL_DYNAMODB"), counter);
        return new AwsClients(s3, sqs, dynamoDb);
    }

    private static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            B builder, Map<String, String> env, String endpoint, RequestCounter counter) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter));
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
            // emulator keys come in the function's environment map, not the JVM's (local pipeline, in-process)
            if (env.get("AWS_ACCESS_KEY_ID") != null && env.get("AWS_SECRET_ACCESS_KEY") != null) {
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                        env.get("AWS_SECRET_ACCESS_KEY")));
            }
        }
        return builder.credentialsProvider(credentials).build();
    }
}
