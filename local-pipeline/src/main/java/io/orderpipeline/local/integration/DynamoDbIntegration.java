package io.orderpipeline.local.integration;

import io.orderpipeline.local.emulator.ItemSize;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code arn:aws:states:::dynamodb:putItem|getItem|updateItem|deleteItem}: the Task's Parameters are the DynamoDB API
 * request (same field names), the result is the API response plus the SDK metadata Step Functions adds.
 */
public final class DynamoDbIntegration implements TaskIntegration {
    public static final String PREFIX = "arn:aws:states:::dynamodb:";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DynamoDbClient client;
    private final Semaphore inFlight;
    private final Map<String, IndexWrites> indexWrites = new ConcurrentHashMap<>();
    private final AtomicLong writeRequests = new AtomicLong();
    private final AtomicLong writeUnits = new AtomicLong();
    private final AtomicLong indexWriteUnits = new AtomicLong();
    private final AtomicLong readRequests = new AtomicLong();
    private final AtomicLong throttledCalls = new AtomicLong();
    /** Read request units in halves (an eventually consistent read of up to 4 KB is half a unit). */
    private final AtomicLong readHalfUnits = new AtomicLong();

    /** Calls sent as the state machine's own pipeline sends them ({@link Integrations#DYNAMODB_CONCURRENCY}). */
    public DynamoDbIntegration(DynamoDbClient client) {
        this(client, Integrations.DYNAMODB_CONCURRENCY);
    }

    /**
     * @param concurrency calls sent to DynamoDB Local at once; more wait their turn in order. The definition may have
     *                    hundreds of puts in flight (children × inline writes); DynamoDB Local on a small machine
     *                    serves them no faster, and each extra concurrent request costs both sides CPU (connection
     *                    pool, threads, SQLite), which is why a local run queues them here. Waiting for a turn is not
     *                    a service failure and never fails a task.
     */
    public DynamoDbIntegration(DynamoDbClient client, int concurrency) {
        this.client = client;
        this.inFlight = new Semaphore(concurrency, true);
    }

    /** One DynamoDB call, when its turn comes. */
    private <T> T call(java.util.function.Supplier<T> request) {
        inFlight.acquireUninterruptibly();
        try {
            return request.get();
        } finally {
            inFlight.release();
        }
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

    public long readRequests() {
        return readRequests.get();
    }

    /** Calls DynamoDB answered with a throttling error (each one reaches the state machine as the Task's error). */
    public long throttledCalls() {
        return throttledCalls.get();
    }

    private void countThrottled(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.isThrottlingException()) {
            throttledCalls.incrementAndGet();
        }
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
            countThrottled(e);
            throw ServiceErrors.dynamoDb(e);
        } catch (IllegalArgumentException e) {
            throw new StatesError("DynamoDB.AmazonDynamoDBException", e.getMessage());
        }
    }

    private JsonNode putItem(JsonNode p) {
        writeRequests.incrementAndGet();
        var item = values(p.get("Item"));
        long itemBytes = ItemSize.of(item);
        writeUnits.addAndGet(io.orderpipeline.model.wire.ItemSize.writeUnits(itemBytes));
        var request = PutItemRequest.builder()
                .tableName(text(p, "TableName"))
                .item(item)
                .conditionExpression(text(p, "ConditionExpression"))
                .expressionAttributeNames(names(p))
                .expressionAttributeValues(values(p.get("ExpressionAttributeValues")))
                .returnValues(text(p, "ReturnValues"))
                .returnConsumedCapacity(text(p, "ReturnConsumedCapacity"))
                .build();
        var response = call(() -> client.putItem(request));
        indexWriteUnits.addAndGet(indexes(request.tableName()).writeUnits(item, itemBytes));
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
        var response = call(() -> client.getItem(request));
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
        var response = call(() -> client.updateItem(request));
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
        var response = call(() -> client.deleteItem(request));
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
