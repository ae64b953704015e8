package io.orderpipeline.reconciler.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.model.wire.IdempotentWrite;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.reconciler.core.OrderTable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.io.IOException;
import java.util.Map;

/**
 * {@link OrderTable} on DynamoDB: a consistent GetItem, a DeleteItem conditional on the content hash and the execution
 * that wrote the item, and the state machine's conditional idempotent PutItem (the only writes the reconciler makes).
 */
public final class DynamoOrderTable implements OrderTable {

    static final String DELETE_CONDITION = "contentHash = :contentHash AND executionId = :executionId";

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
