package io.orderpipeline.redrive;

import io.orderpipeline.lambda.config.FunctionEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.Map;

/**
 * Builds the SDK clients from the function's environment: URL-connection HTTP client, the region from
 * {@code AWS_REGION}, and the optional endpoint overrides the local pipeline sets for its emulators.
 */
final class AwsClients {

    static final String SQS_ENDPOINT = "AWS_ENDPOINT_URL_SQS";
    static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    static final String S3_ENDPOINT = "AWS_ENDPOINT_URL_S3";
    /** The SDK's endpoint for every service (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). */
    static final String GLOBAL_ENDPOINT = "AWS_ENDPOINT_URL";

    private AwsClients() {
    }

    static SqsClient sqs(Map<String, String> env) {
        return configure(SqsClient.builder(), env, FunctionEnvironment.optional(env, SQS_ENDPOINT)).build();
    }

    static DynamoDbClient dynamoDb(Map<String, String> env) {
        return configure(DynamoDbClient.builder(), env, FunctionEnvironment.optional(env, DYNAMODB_ENDPOINT)).build();
    }

    /**
     * The client for claim-check bodies. Against an endpoint other than AWS's (an emulator, a stub) objects are
     * addressed by path ({@code http://host/bucket/key}): a bucket name cannot be resolved as a host name there.
     */
    static S3Client s3(Map<String, String> env) {
        String endpoint = FunctionEnvironment.optional(env, S3_ENDPOINT);
        boolean elsewhere = endpoint != null || FunctionEnvironment.optional(env, GLOBAL_ENDPOINT) != null;
        return configure(S3Client.builder().forcePathStyle(elsewhere), env, endpoint).build();
    }

    /**
     * Clients for SnapStart priming only: the same SDK request path over {@code http}, which answers without a
     * network, and fixed fake keys, so no real credentials are resolved into the snapshot.
     */
    static SqsClient primingSqs(Map<String, String> env, SdkHttpClient http) {
        return priming(SqsClient.builder(), env, http).build();
    }

    static DynamoDbClient primingDynamoDb(Map<String, String> env, SdkHttpClient http) {
        return priming(DynamoDbClient.builder(), env, http).build();
    }

    static S3Client primingS3(Map<String, String> env, SdkHttpClient http) {
        return priming(S3Client.builder(), env, http).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B priming(
            B builder, Map<String, String> env, SdkHttpClient http) {
        String region = FunctionEnvironment.optional(env, "AWS_REGION");
        return builder.httpClient(http)
                .region(region == null ? Region.US_EAST_1 : Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("snapstart-priming", "snapstart-priming")));
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Map<String, String> env, String endpoint) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        String region = FunctionEnvironment.optional(env, "AWS_REGION");
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        builder.credentialsProvider(credentials(env, endpoint != null));
        return builder;
    }

    /**
     * Keys from the given environment only for an emulator endpoint (the in-process local pipeline passes dummy keys
     * in its map, not in the JVM's environment). In Lambda the default chain is kept: it is what SnapStart refreshes.
     */
    private static AwsCredentialsProvider credentials(Map<String, String> env, boolean emulator) {
        String accessKey = FunctionEnvironment.optional(env, "AWS_ACCESS_KEY_ID");
        String secretKey = FunctionEnvironment.optional(env, "AWS_SECRET_ACCESS_KEY");
        if (emulator && accessKey != null && secretKey != null) {
            String session = FunctionEnvironment.optional(env, "AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(session == null
                    ? AwsBasicCredentials.create(accessKey, secretKey)
                    : AwsSessionCredentials.create(accessKey, secretKey, session));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
