package io.orderpipeline.reconciler.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.model.wire.IdempotentWrite;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.reconciler.core.OrderTable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link OrderTable} on DynamoDB: a consistent GetItem, consistent BatchGetItem lookups (unprocessed keys retried with
 * backoff), a DeleteItem conditional on the content hash and the execution that wrote the item, and the state
 * machine's conditional idempotent PutItem (the only writes the reconciler makes).
 */
public final class DynamoOrderTable implements OrderTable {

    static final String DELETE_CONDITION = "contentHash = :contentHash AND executionId = :executionId";

    /** What a lookup needs of an item (a read costs the item's whole size all the same). */
    static final String LOOKUP_PROJECTION = "#orderId, #contentHash, #executionId";
    static final Map<String, String> LOOKUP_NAMES = Map.of("#orderId", OrderItemMapper.ORDER_ID,
            "#contentHash", OrderItemMapper.CONTENT_HASH, "#executionId", OrderItemMapper.EXECUTION_ID);

    /**
     * BatchGetItem calls per lookup before giving up on unprocessed keys. AWS: "If DynamoDB returns any unprocessed
     * items, you should retry the batch operation on those items. However, we strongly recommend that you use an
     * exponential backoff algorithm" (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
     */
    static final int LOOKUP_ATTEMPTS = 10;
    static final long BACKOFF_BASE_MILLIS = 50;
    static final long BACKOFF_CAP_MILLIS = 5_000;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoOrderTable(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public JsonNode get(String orderId) throws IOException {
        try {
            var response = dynamoDb.getItem(b -> b.tableName(tableName).consistentRead(true)
                    .key(Map.of("orderId", AttributeValue.fromS(orderId))));
            return response.hasItem() && !response.item().isEmpty() ? SdkAttributeValues.toJson(response.item()) : null;
        } catch (SdkException e) {
            throw new IOException("DynamoDB GetItem " + orderId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, JsonNode> getAll(Set<String> orderIds) throws IOException {
        var found = new HashMap<String, JsonNode>();
        var keys = orderIds.stream().map(id -> Map.of(OrderItemMapper.ORDER_ID, AttributeValue.fromS(id))).toList();
        Map<String, KeysAndAttributes> request = keys.isEmpty() ? Map.of() : Map.of(tableName, KeysAndAttributes.builder()
                .keys(keys).consistentRead(true).projectionExpression(LOOKUP_PROJECTION)
                .expressionAttributeNames(LOOKUP_NAMES).build());
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            if (attempt > LOOKUP_ATTEMPTS) {
                throw new IOException("DynamoDB BatchGetItem: " + request.get(tableName).keys().size()
                        + " keys still unprocessed after " + LOOKUP_ATTEMPTS + " calls");
            }
            if (attempt > 1) {
                backOff(attempt);
            }
            Map<String, KeysAndAttributes> call = request;
            BatchGetItemResponse response;
            try {
                response = dynamoDb.batchGetItem(b -> b.requestItems(call));
            } catch (SdkException e) {
                throw new IOException("DynamoDB BatchGetItem of " + orderIds.size() + " orders: " + e.getMessage(), e);
            }
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
                found.put(item.get(OrderItemMapper.ORDER_ID).s(), SdkAttributeValues.toJson(item));
            }
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }

    /** Exponential backoff with full jitter before the {@code attempt}-th call. */
    private static void backOff(int attempt) throws IOException {
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retrying unprocessed BatchGetItem keys", e);
        }
    }

    @Override
    public PutOutcome put(JsonNode item) throws IOException {
        String orderId = item.path(OrderItemMapper.ORDER_ID).path("S").asText();
        Map<String, AttributeValue> values = fromJson(item);
        Map<String, AttributeValue> condition = fromJson(IdempotentWrite.expressionAttributeValues(item));
        try {
            dynamoDb.putItem(b -> b.tableName(tableName).item(values)
                    .conditionExpression(IdempotentWrite.CONDITION_EXPRESSION)
                    .expressionAttributeValues(condition));
            return PutOutcome.STORED;
        } catch (ConditionalCheckFailedException e) {
            return PutOutcome.CONFLICT;
        } catch (SdkException e) {
            throw new IOException("DynamoDB PutItem " + orderId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) throws IOException {
        try {
            dynamoDb.deleteItem(b -> b.tableName(tableName).key(Map.of("orderId", AttributeValue.fromS(orderId)))
                    .conditionExpression(DELETE_CONDITION)
                    .expressionAttributeValues(Map.of(":contentHash", AttributeValue.fromS(contentHash),
                            ":executionId", AttributeValue.fromS(executionId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new IOException("DynamoDB DeleteItem " + orderId + ": " + e.getMessage(), e);
        }
    }

    /** Attribute-value JSON as SDK values; an item that is not one fails like a refused write. */
    private static Map<String, AttributeValue> fromJson(JsonNode item) throws IOException {
        try {
            return SdkAttributeValues.toSdk(item);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
