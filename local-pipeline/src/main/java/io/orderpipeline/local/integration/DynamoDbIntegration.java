package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code arn:aws:states:::dynamodb:putItem|getItem|updateItem|deleteItem}: the Task's Parameters are the DynamoDB API
 * request (same field names), the result is the API response plus the SDK metadata Step Functions adds.
 */
public final class DynamoDbIntegration implements TaskIntegration {
    public static final String PREFIX = "arn:aws:states:::dynamodb:";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DynamoDbClient client;
    private final WriteLedger ledger = new WriteLedger();
    private final Map<String, List<String>> keyNames = new ConcurrentHashMap<>();
    private final Map<String, IndexWrites> indexWrites = new ConcurrentHashMap<>();
    private final AtomicLong writeRequests = new AtomicLong();
    private final AtomicLong writeUnits = new AtomicLong();
    private final AtomicLong indexWriteUnits = new AtomicLong();
    private final AtomicLong readRequests = new AtomicLong();
    /** Read request units in halves (an eventually consistent read of up to 4 KB is half a unit). */
    private final AtomicLong readHalfUnits = new AtomicLong();

    public DynamoDbIntegration(DynamoDbClient client) {
        this.client = client;
    }

    /** Successful and failed write calls (each costs at least one write request unit on AWS). */
    public long writeRequests() {
        return writeRequests.get();
    }

    /** Write request units as on-demand billing counts them (a failed conditional write consumes them too). */
    public long writeUnits() {
        return writeUnits.get();
    }

    /** Write request units the tables' global secondary indexes consumed ({@link IndexWrites}). */
    public long indexWriteUnits() {
        return indexWriteUnits.get();
    }

    /** Read request units as on-demand billing counts them: per started 4 KB, half for an eventually consistent read. */
    public double readUnits() {
        return readHalfUnits.get() / 2.0;
    }

    /** The indexes of a table, as DynamoDB describes them (asked once per table). */
    public IndexWrites indexes(String tableName) {
        return indexWrites.computeIfAbsent(tableName,
                name -> IndexWrites.of(client.describeTable(b -> b.tableName(name)).table()));
    }

    public WriteLedger ledger() {
        return ledger;
    }

    /** The table's key attribute names, HASH first (asked once per table). */
    public List<String> keyNames(String tableName) {
        return keyNames.computeIfAbsent(tableName, name -> client.describeTable(b -> b.tableName(name)).table().keySchema()
                .stream().sorted(java.util.Comparator.comparing(k -> k.keyTypeAsString()))
                .map(KeySchemaElement::attributeName).toList());
    }

    /** {@code orderId=ORD-1} (attributes in key-schema order, joined by {@code |}). */
    public static String keyText(List<String> keyNames, Map<String, AttributeValue> item) {
        var parts = new java.util.ArrayList<String>();
        for (var name : keyNames) {
            var value = item.get(name);
            parts.add(name + "=" + (value == null ? "" : value.s() != null ? value.s() : value.n() != null ? value.n() : value.toString()));
        }
        return String.join("|", parts);
    }

    public long readRequests() {
        return readRequests.get();
    }

    @Override
    public JsonNode invoke(String resource, JsonNode parameters, TaskContext context) throws StatesError {
        var action = resource.substring(PREFIX.length());
        try {
            return switch (action) {
                case "putItem" -> putItem(parameters);
                case "getItem" -> getItem(parameters);
                case "updateItem" -> updateItem(parameters);
                case "deleteItem" -> deleteItem(parameters);
                default -> throw new StatesError("States.Runtime", "The local pipeline does not support " + resource);
            };
        } catch (SdkException e) {
            throw ServiceErrors.dynamoDb(e);
        } catch (IllegalArgumentException e) {
            throw new StatesError("DynamoDB.AmazonDynamoDBException", e.getMessage());
        }
    }

    private JsonNode putItem(JsonNode p) {
        writeRequests.incrementAndGet();
        var item = values(p.get("Item"));
        writeUnits.addAndGet(ItemSize.writeUnits(item));
        var request = PutItemRequest.builder()
                .tableName(text(p, "TableName"))
                .item(item)
                .conditionExpression(text(p, "ConditionExpression"))
                .expressionAttributeNames(names(p))
                .expressionAttributeValues(values(p.get("ExpressionAttributeValues")))
                .returnValues(text(p, "ReturnValues"))
                .returnConsumedCapacity(text(p, "ReturnConsumedCapacity"))
                .build();
        var response = client.putItem(request);
        indexWriteUnits.addAndGet(indexes(request.tableName()).writeUnits(item));
        var executionId = item.get("executionId");
        if (executionId != null && executionId.s() != null) {
            var table = request.tableName();
            var hash = item.get("contentHash");
            ledger.record(executionId.s(), new WriteLedger.Written(table, keyText(keyNames(table), item),
                    hash == null ? null : hash.s()));
        }
        return writeResult(response.hasAttributes() ? response.attributes() : Map.of(), response.consumedCapacity(),
                response);
    }

    private JsonNode getItem(JsonNode p) {
        readRequests.incrementAndGet();
        var request = GetItemRequest.builder()
                .tableName(text(p, "TableName"))
                .key(values(p.get("Key")))
                .consistentRead(p.has("ConsistentRead") ? p.get("ConsistentRead").asBoolean() : null)
                .projectionExpression(text(p, "ProjectionExpression"))
                .expressionAttributeNames(names(p))
                .returnConsumedCapacity(text(p, "ReturnConsumedCapacity"))
                .build();
        var response = client.getItem(request);
        long size = response.hasItem() && response.item() != null ? ItemSize.of(response.item()) : 0;
        long units = Math.max(1, (size + 4095) / 4096);
        readHalfUnits.addAndGet(Boolean.TRUE.equals(request.consistentRead()) ? 2 * units : units);
        var result = NODES.objectNode();
        if (response.hasItem() && response.item() != null) {
            result.set("Item", SdkAttributeValues.toJson(response.item()));
        }
        capacity(result, response.consumedCapacity());
        return SdkMetadata.add(result, response);
    }

    private JsonNode updateItem(JsonNode p) {
        writeRequests.incrementAndGet();
        writeUnits.incrementAndGet();
        var request = UpdateItemRequest.builder()
                .tableName(text(p, "TableName"))
                .key(values(p.get("Key")))
                .updateExpression(text(p, "UpdateExpression"))
                .conditionExpression(text(p, "ConditionExpression"))
                .expressionAttributeNames(names(p))
                .expressionAttributeValues(values(p.get("ExpressionAttributeValues")))
                .returnValues(text(p, "ReturnValues"))
                .returnConsumedCapacity(text(p, "ReturnConsumedCapacity"))
                .build();
        var response = client.updateItem(request);
        return writeResult(response.hasAttributes() ? response.attributes() : Map.of(), response.consumedCapacity(),
                response);
    }

    private JsonNode deleteItem(JsonNode p) {
        writeRequests.incrementAndGet();
        writeUnits.incrementAndGet();
        var request = DeleteItemRequest.builder()
                .tableName(text(p, "TableName"))
                .key(values(p.get("Key")))
                .conditionExpression(text(p, "ConditionExpression"))
                .expressionAttributeNames(names(p))
                .expressionAttributeValues(values(p.get("ExpressionAttributeValues")))
                .returnValues(text(p, "ReturnValues"))
                .returnConsumedCapacity(text(p, "ReturnConsumedCapacity"))
                .build();
        var response = client.deleteItem(request);
        // the entry, if the item was in an index, is deleted there too: counted for every index (an upper bound)
        indexWriteUnits.addAndGet(indexes(request.tableName()).indexes().size());
        return writeResult(response.hasAttributes() ? response.attributes() : Map.of(), response.consumedCapacity(),
                response);
    }

    /** A request's map of attribute values (Item, Key, ExpressionAttributeValues) as SDK values; null when absent. */
    private static Map<String, AttributeValue> values(JsonNode json) {
        return json == null || json.isNull() || json.isMissingNode() ? null : SdkAttributeValues.toSdk(json);
    }

    /** What putItem, updateItem and deleteItem return: the old or new attributes asked for, capacity, SDK metadata. */
    private static JsonNode writeResult(Map<String, AttributeValue> attributes, ConsumedCapacity consumed,
                                        AwsResponse response) {
        var result = NODES.objectNode();
        if (!attributes.isEmpty()) {
            result.set("Attributes", SdkAttributeValues.toJson(attributes));
        }
        capacity(result, consumed);
        return SdkMetadata.add(result, response);
    }

    private static void capacity(ObjectNode result, ConsumedCapacity consumed) {
        if (consumed != null) {
            var json = result.putObject("ConsumedCapacity");
            json.put("TableName", consumed.tableName());
            if (consumed.capacityUnits() != null) {
                json.put("CapacityUnits", consumed.capacityUnits());
            }
        }
    }

    private static String text(JsonNode parameters, String field) {
        var value = parameters.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> names(JsonNode parameters) {
        var names = parameters.get("ExpressionAttributeNames");
        if (names == null || names.isNull()) {
            return null;
        }
        var map = new LinkedHashMap<String, String>();
        names.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
