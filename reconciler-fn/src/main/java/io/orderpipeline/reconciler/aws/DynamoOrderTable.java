package io.orderpipeline.reconciler.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.reconciler.core.OrderTable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.io.IOException;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * {@link OrderTable} on DynamoDB: a consistent GetItem, and a DeleteItem conditional on the content hash and the
 * execution that wrote the item (the only writes the reconciler makes to the table).
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
            return response.hasItem() && !response.item().isEmpty() ? toJson(response.item()) : null;
        } catch (SdkException e) {
            throw new IOException("DynamoDB GetItem " + orderId + ": " + e.getMessage(), e);
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

    /** An item as attribute-value JSON (DynamoDB's wire form), by the SDK's own field metadata. */
    static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        item.forEach((name, value) -> json.set(name, toJson(value)));
        return json;
    }

    private static ObjectNode toJson(AttributeValue value) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (SdkField<?> field : value.sdkFields()) {
            Object member = field.getValueOrDefault(value);
            if (member == null || member instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>
                    || member instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>) {
                continue;
            }
            json.set(field.memberName(), member(member));
        }
        return json;
    }

    private static JsonNode member(Object member) {
        var nodes = JsonNodeFactory.instance;
        return switch (member) {
            case String text -> nodes.textNode(text);
            case Boolean flag -> nodes.booleanNode(flag);
            case SdkBytes bytes -> nodes.textNode(Base64.getEncoder().encodeToString(bytes.asByteArray()));
            case AttributeValue nested -> toJson(nested);
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                map.forEach((k, v) -> object.set(String.valueOf(k), member(v)));
                yield object;
            }
            case Collection<?> list -> {
                var array = nodes.arrayNode();
                list.forEach(element -> array.add(member(element)));
                yield array;
            }
            default -> nodes.textNode(String.valueOf(member));
        };
    }
}
