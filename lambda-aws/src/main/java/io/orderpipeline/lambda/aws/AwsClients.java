package io.orderpipeline.lambda.aws;

import io.orderpipeline.lambda.config.FunctionEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A function's SDK clients, built once per container from its environment (the real one in Lambda, the template's in
 * the local pipeline): the URL-connection HTTP client (no Netty, no Apache client in a Lambda jar), the region from
 * {@code AWS_REGION}, and the endpoint overrides and keys the local pipeline passes for its emulators
 * ({@code AWS_ENDPOINT_URL_<SERVICE>}, https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 * A service's class is loaded only when its method is called: a function brings the SDK modules it uses.
 */
public final class AwsClients {

    public static final String SQS_ENDPOINT = "AWS_ENDPOINT_URL_SQS";
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String S3_ENDPOINT = "AWS_ENDPOINT_URL_S3";
    /** The SDK's endpoint for every service (the page above). */
    public static final String GLOBAL_ENDPOINT = "AWS_ENDPOINT_URL";

    private AwsClients() {
    }

    /** @param interceptors added to every request the client sends (e.g. a request counter) */
    public static SqsClient sqs(Map<String, String> env, ExecutionInterceptor... interceptors) {
        return build(SqsClient.builder(), env, FunctionEnvironment.optional(env, SQS_ENDPOINT), interceptors);
    }

    public static DynamoDbClient dynamoDb(Map<String, String> env, ExecutionInterceptor... interceptors) {
        return build(DynamoDbClient.builder(), env, FunctionEnvironment.optional(env, DYNAMODB_ENDPOINT), interceptors);
    }

    /**
     * Against an endpoint other than AWS's (an emulator, a stub) objects are addressed by path
     * ({@code http://host/bucket/key}): a bucket name cannot be resolved as a host name there.
     */
    public static S3Client s3(Map<String, String> env, ExecutionInterceptor... interceptors) {
        String endpoint = FunctionEnvironment.optional(env, S3_ENDPOINT);
        boolean elsewhere = endpoint != null || FunctionEnvironment.optional(env, GLOBAL_ENDPOINT) != null;
        return build(S3Client.builder().forcePathStyle(elsewhere), env, endpoint, interceptors);
    }

    /**
     * A client for SnapStart priming only: the same SDK request path over {@code http}, which answers without a
     * network, and fixed fake keys, so no real credentials are resolved into the snapshot.
     */
    public static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C forPriming(
            B builder, Map<String, String> env, SdkHttpClient http) {
        String region = FunctionEnvironment.optional(env, "AWS_REGION");
        return builder.httpClient(http)
                .region(region == null ? Region.US_EAST_1 : Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("snapstart-priming", "snapstart-priming")))
                .build();
    }

    private static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
            B builder, Map<String, String> env, String endpoint, ExecutionInterceptor... interceptors) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        if (interceptors.length > 0) {
            builder.overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor));
        }
        String region = FunctionEnvironment.optional(env, "AWS_REGION");
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.credentialsProvider(credentials(env, endpoint != null)).build();
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
