package io.orderpipeline.redrive;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

/**
 * A Mockito {@link DynamoDbClient} whose answers keep the orders table in memory and evaluate the one condition the
 * pipeline uses ({@code attribute_not_exists(orderId) OR contentHash = :contentHash}).
 */
final class FakeTable {

    static final String CONDITION = "attribute_not_exists(orderId) OR contentHash = :contentHash";

    final DynamoDbClient client = mock(DynamoDbClient.class);
    final Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    /** Puts of these order ids throw (throttling after the SDK's retries). */
    Predicate<String> throttle = id -> false;

    FakeTable() {
        lenient().when(client.putItem(any(PutItemRequest.class))).thenAnswer(i -> put(i.getArgument(0)));
        lenient().when(client.getItem(any(GetItemRequest.class))).thenAnswer(i -> get(i.getArgument(0)));
    }

    void store(Map<String, AttributeValue> item) {
        items.put(item.get("orderId").s(), item);
    }

    private PutItemResponse put(PutItemRequest request) {
        if (!CONDITION.equals(request.conditionExpression())) {
            throw new AssertionError("unexpected condition " + request.conditionExpression());
        }
        String id = request.item().get("orderId").s();
        if (throttle.test(id)) {
            throw software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.builder()
                    .message("Throughput exceeds the current capacity of your table").build();
        }
        Map<String, AttributeValue> existing = items.get(id);
        String hash = request.expressionAttributeValues().get(":contentHash").s();
        if (existing != null && !hash.equals(existing.get("contentHash").s())) {
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        }
        items.put(id, request.item());
        return PutItemResponse.builder().attributes(existing == null ? Map.of() : existing).build();
    }

    private GetItemResponse get(GetItemRequest request) {
        Map<String, AttributeValue> existing = items.get(request.key().get("orderId").s());
        return existing == null ? GetItemResponse.builder().build()
                : GetItemResponse.builder().item(Map.of("contentHash", existing.get("contentHash"))).build();
    }
}
