package io.orderpipeline.local.emulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/**
 * SDK v2 clients pointed at the emulators: built once, shared by provisioning, the state machine's service
 * integrations and reports. Not lambda-aws's {@code AwsClients}, which builds a function's clients from its
 * environment: these are the local pipeline's own, from the emulators' endpoints, on a shared, closeable Apache pool
 * sized for 50 children's puts at once (a function carries the URL-connection client in its Lambda jar).
 */
public final class EmulatorClients implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final SdkHttpClient http;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbClient dynamoDbOneAttempt;
    private final SqsClient sqs;
    private final S3Client s3;

    public EmulatorClients(Endpoints endpoints) {
        // Apache's pool, not the URL-connection client: an emulator closing an idle keep-alive connection made a reused
        // one fail with an UncheckedIOException that the SDK (2.40.2) does not retry ("Unexpected end of file from
        // server" on a ResultWriter put); Apache checks idle connections before reuse, and its I/O errors are retried.
        // Waiting for one of our own pooled connections is not a service failure (Step Functions' own connections never
        // fail a task), so the wait is long: with 50 children x 10 puts in flight and DynamoDB Local slowed down by a
        // busy machine, the SDK's 10 s default can turn a put into DynamoDB.SdkClientException, parked as PROCESSING_ERROR.
        http = ApacheHttpClient.builder()
                .maxConnections(64)
                .connectionAcquisitionTimeout(Duration.ofMinutes(5))
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoints.dynamodb()).region(REGION)
                .credentialsProvider(credentials).httpClient(http).build();
        dynamoDbOneAttempt = DynamoDbClient.builder().endpointOverride(endpoints.dynamodb()).region(REGION)
                .credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        sqs = SqsClient.builder().endpointOverride(endpoints.sqs()).region(REGION)
                .credentialsProvider(credentials).httpClient(http).build();
        s3 = S3Client.builder().endpointOverride(endpoints.s3()).region(REGION)
                .credentialsProvider(credentials).httpClient(http).forcePathStyle(true).build();
    }

    /**
     * A DynamoDB client of its own, straight to {@code endpoint} (DynamoDB Local behind a throttling proxy, for the
     * proxy's own DescribeTable calls).
     */
    static DynamoDbClient dynamoDbDirect(java.net.URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * The state machine's {@code dynamodb:} integrations' client: one call per Task attempt, no retries of its own.
     * AWS does not document retries inside Step Functions' optimized integrations; the definition's {@code Retry} is
     * the retry it can count on, so a throttled or failed call reaches it as the Task's error, as it may on AWS.
     */
    public DynamoDbClient dynamoDbOneAttempt() {
        return dynamoDbOneAttempt;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public S3Client s3() {
        return s3;
    }

    @Override
    public void close() {
        dynamoDb.close();
        dynamoDbOneAttempt.close();
        sqs.close();
        s3.close();
        http.close();
    }
}
