package io.orderpipeline.local.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The write-capacity proxy on the wire, as any DynamoDB client meets it: beyond the capacity an HTTP 400 with
 * DynamoDB's {@code ThrottlingException} body, which the AWS SDK reads as a throttling error (and, with its default
 * retries, waits out); reads and writes within the capacity pass through to DynamoDB Local unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottlingProxyIT {

    private Emulators emulators;
    private DynamoDbClient oneAttempt;

    @BeforeAll
    void start() {
        emulators = Emulators.start(4.0);
        oneAttempt = DynamoDbClient.builder().endpointOverride(emulators.endpoints().dynamodb())
                .region(EmulatorClients.REGION).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        emulators.clients().dynamoDb().createTable(b -> b.tableName("Throttled").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("orderId").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("orderId").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("customerId").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byCustomer")
                        .keySchema(KeySchemaElement.builder().attributeName("customerId").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
    }

    @AfterAll
    void stop() {
        oneAttempt.close();
        emulators.close();
    }

    private static Map<String, AttributeValue> order(int n) {
        return Map.of("orderId", AttributeValue.fromS("ORD-" + n), "customerId", AttributeValue.fromS("C-" + n));
    }

    @Test
    void beyondTheCapacityEveryClientGetsDynamoDbsThrottlingErrorAndTheSdkWaitsItOut() {
        var proxy = emulators.throttling().orElseThrow();
        long throttledBefore = proxy.throttledRequests();
        // each put writes the table and the index: 1 unit each; 4 per second each
        DynamoDbException refused = null;
        int stored = 0;
        for (int n = 0; n < 20 && refused == null; n++) {
            int id = n;
            refused = catchThrowableOfType(DynamoDbException.class,
                    () -> oneAttempt.putItem(b -> b.tableName("Throttled").item(order(id))));
            if (refused == null) {
                stored++;
            }
        }
        assertThat(refused).as("a burst of puts over 4 units/s is throttled").isNotNull();
        assertThat(stored).isBetween(1, 8);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(refused.isThrottlingException()).isTrue();
        assertThat(refused.awsErrorDetails().errorMessage()).startsWith("Throughput exceeds the current capacity");
        assertThat(new String(refused.awsErrorDetails().rawResponse().asByteArray()))
                .contains("\"ThrottlingReasons\"").containsPattern("Write(MaxOnDemandThroughputExceeded)");
        assertThat(proxy.throttledRequests()).isGreaterThan(throttledBefore);

        // reads are not metered; the refused put wrote nothing
        String refusedId = "ORD-" + stored;
        assertThat(oneAttempt.getItem(b -> b.tableName("Throttled").key(Map.of("orderId",
                AttributeValue.fromS(refusedId)))).hasItem()).isFalse();

        // the SDK's default retries back off until the capacity lets the put through
        long started = System.nanoTime();
        for (int n = 100; n < 110; n++) {
            int id = n;
            emulators.clients().dynamoDb().putItem(b -> b.tableName("Throttled").item(order(id)));
        }
        assertThat((System.nanoTime() - started) / 1e9).as("10 puts at 4 units/s: at least 6 must wait for a refill")
                .isGreaterThan(1.4);
        assertThat(emulators.clients().dynamoDb().scan(b -> b.tableName("Throttled")).count()).isEqualTo(stored + 10);
        assertThat(stored).isPositive();
    }

    @Test
    void theCountersAreServedForCommandsWorkingAgainstAServe() {
        var counters = ThrottlingProxy.countersAt(emulators.endpoints().dynamodb()).orElseThrow();
        assertThat(counters.path("unitsPerSecond").asDouble()).isEqualTo(4.0);
        assertThat(counters.has("throttledRequests")).isTrue();
        try (var plain = Emulators.start()) {
            assertThat(ThrottlingProxy.countersAt(plain.endpoints().dynamodb())).as("no proxy without a capacity").isEmpty();
        }
    }
}
