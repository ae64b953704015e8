package io.orderpipeline.redrive.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.model.wire.IdempotentWrite;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.redrive.core.OrderTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.Map;

/**
 * {@link OrderTable} on DynamoDB: the state machine's conditional idempotent PutItem ({@code ReturnValues ALL_OLD} tells
 * a new order from a replay), and for dry runs a consistent GetItem of the stored content hash.
 */
public final class DynamoOrderTable implements OrderTable {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoOrderTable(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Throttling and other service errors (after the SDK's retries) propagate as the SDK's exceptions. */
    @Override
    public WriteOutcome put(JsonNode item) {
        Map<String, AttributeValue> values = SdkAttributeValues.toSdk(IdempotentWrite.expressionAttributeValues(item));
        try {
            PutItemResponse response = dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(SdkAttributeValues.toSdk(item))
                    .conditionExpression(IdempotentWrite.CONDITION_EXPRESSION)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)
                    .build());
            return response.hasAttributes() && !response.attributes().isEmpty()
                    ? WriteOutcome.ALREADY_PRESENT : WriteOutcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            return WriteOutcome.CONFLICT;
        }
    }

    @Override
    public WriteOutcome predict(JsonNode item) {
        String orderId = item.path(OrderItemMapper.ORDER_ID).path("S").asText();
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(OrderItemMapper.ORDER_ID, AttributeValue.fromS(orderId)))
                .projectionExpression(OrderItemMapper.CONTENT_HASH)
                .consistentRead(true)
                .build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return WriteOutcome.WRITTEN;
        }
        AttributeValue stored = response.item().get(OrderItemMapper.CONTENT_HASH);
        String hash = OrderItemMapper.contentHash(item);
        return stored != null && hash != null && hash.equals(stored.s())
                ? WriteOutcome.ALREADY_PRESENT : WriteOutcome.CONFLICT;
    }
}
