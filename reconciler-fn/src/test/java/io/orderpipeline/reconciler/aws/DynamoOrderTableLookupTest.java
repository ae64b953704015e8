package io.orderpipeline.reconciler.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failed child's lookup (#22 §4): consistent BatchGetItem reads, what DynamoDB leaves unprocessed asked again. */
class DynamoOrderTableLookupTest {

    /** DynamoDB answering BatchGetItem from a map of items, processing at most {@code perCall} keys per call. */
    private static final class FakeDynamoDb implements DynamoDbClient {
        final Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        final List<BatchGetItemRequest> calls = new ArrayList<>();
        int perCall = Integer.MAX_VALUE;
        boolean throttled;

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            calls.add(request);
            if (throttled) {
                throw ProvisionedThroughputExceededException.builder().message("Rate of requests exceeds").build();
            }
            var entry = request.requestItems().entrySet().iterator().next();
            var keys = entry.getValue().keys();
            var found = new ArrayList<Map<String, AttributeValue>>();
            for (var key : keys.subList(0, Math.min(perCall, keys.size()))) {
                var item = items.get(key.get("orderId").s());
                if (item != null) {
                    found.add(item);
                }
            }
            var response = BatchGetItemResponse.builder().responses(Map.of(entry.getKey(), found));
            if (keys.size() > perCall) {
                response.unprocessedKeys(Map.of(entry.getKey(), entry.getValue().toBuilder()
                        .keys(keys.subList(perCall, keys.size())).build()));
            }
            return response.build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final FakeDynamoDb dynamoDb = new FakeDynamoDb();
    private final DynamoOrderTable table = new DynamoOrderTable(dynamoDb, "OrdersTable");

    private void store(String orderId, String hash) {
        dynamoDb.items.put(orderId, Map.of("orderId", AttributeValue.fromS(orderId),
                "contentHash", AttributeValue.fromS(hash), "executionId", AttributeValue.fromS("exec-1")));
    }

    private static Set<String> ids(String... ids) {
        return new LinkedHashSet<>(List.of(ids));
    }

    @Test
    void theStoredOrdersComeBackByIdReadConsistentlyWithTheirHashAndWriter() throws IOException {
        store("ORD-1", "h1");
        store("ORD-3", "h3");

        var found = table.getAll(ids("ORD-1", "ORD-2", "ORD-3"));

        assertThat(found).containsOnlyKeys("ORD-1", "ORD-3");
        assertThat(found.get("ORD-3").path("contentHash").path("S").asText()).isEqualTo("h3");
        assertThat(found.get("ORD-1").path("executionId").path("S").asText()).isEqualTo("exec-1");
        KeysAndAttributes asked = dynamoDb.calls.getFirst().requestItems().get("OrdersTable");
        assertThat(asked.consistentRead()).isTrue();
        assertThat(asked.projectionExpression()).isEqualTo(DynamoOrderTable.LOOKUP_PROJECTION);
        assertThat(asked.expressionAttributeNames().values()).containsExactlyInAnyOrder("orderId", "contentHash",
                "executionId");
        assertThat(asked.keys()).hasSize(3);
    }

    @Test
    void unprocessedKeysAreAskedAgainUntilEveryKeyIsAnswered() throws IOException {
        store("ORD-1", "h1");
        store("ORD-2", "h2");
        store("ORD-3", "h3");
        dynamoDb.perCall = 1;

        assertThat(table.getAll(ids("ORD-1", "ORD-2", "ORD-3"))).containsOnlyKeys("ORD-1", "ORD-2", "ORD-3");
        assertThat(dynamoDb.calls).hasSize(3);
        assertThat(dynamoDb.calls.get(2).requestItems().get("OrdersTable").keys()).singleElement()
                .satisfies(key -> assertThat(key.get("orderId").s()).isEqualTo("ORD-3"));
    }

    @Test
    void nothingToLookUpCallsNothing() throws IOException {
        assertThat(table.getAll(Set.of())).isEmpty();
        assertThat(dynamoDb.calls).isEmpty();
    }

    @Test
    void aServiceErrorIsAnIoExceptionInDynamoDbsWords() {
        dynamoDb.throttled = true;
        assertThatThrownBy(() -> table.getAll(ids("ORD-1"))).isInstanceOf(IOException.class)
                .hasMessageContaining("BatchGetItem").hasMessageContaining("Rate of requests exceeds");
    }
}
