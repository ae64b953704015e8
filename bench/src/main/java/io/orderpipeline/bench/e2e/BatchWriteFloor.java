package io.orderpipeline.bench.e2e;

import io.orderpipeline.model.wire.IdempotentWrite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor of item 4: the same items written with raw {@code BatchWriteItem} (25 per request, unprocessed items
 * resent) from {@code threads} threads into a table shaped like the pipeline's (same key and GSI) in the same
 * DynamoDB Local. Nothing is validated, mapped or orchestrated: this is what storing the orders costs on this machine.
 */
public final class BatchWriteFloor {

    private final DynamoDbClient dynamoDb;
    private final int threads;

    public BatchWriteFloor(DynamoDbClient dynamoDb, int threads) {
        this.dynamoDb = dynamoDb;
        this.threads = threads;
    }

    /** Creates {@code name} with the key schema, attributes and GSIs of {@code like}. */
    public void createTableLike(String like, String name) {
        TableDescription source = dynamoDb.describeTable(b -> b.tableName(like)).table();
        List<GlobalSecondaryIndex> indexes = source.globalSecondaryIndexes().stream()
                .map(i -> GlobalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
                        .projection(i.projection()).build())
                .toList();
        dynamoDb.createTable(b -> {
            b.tableName(name).keySchema(source.keySchema()).attributeDefinitions(source.attributeDefinitions())
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
    }

    /** Writes every item; returns the elapsed nanoseconds. */
    public long write(String table, List<Map<String, AttributeValue>> items) throws Exception {
        List<List<WriteRequest>> requests = new ArrayList<>();
        for (int from = 0; from < items.size(); from += 25) {
            requests.add(items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (List<WriteRequest> batch : requests) {
                done.add(pool.submit(() -> writeBatch(table, batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writes every item with its own conditional {@code PutItem} (the idempotent write of data-contracts.md §3), from
     * the same threads; returns the elapsed nanoseconds. Separates "one request per order" from the pipeline's own cost.
     */
    public long putEach(String table, List<Map<String, AttributeValue>> items) throws Exception {
        return inParallel(items.stream().<Runnable>map(item -> () -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                .conditionExpression(IdempotentWrite.CONDITION_EXPRESSION)
                .expressionAttributeValues(conditionValues(item)))).toList());
    }

    /** The same, without the condition: what the condition itself costs DynamoDB Local. */
    public long putEachUnconditional(String table, List<Map<String, AttributeValue>> items) throws Exception {
        return inParallel(items.stream().<Runnable>map(item -> () -> dynamoDb.putItem(b -> b.tableName(table)
                .item(item))).toList());
    }

    /**
     * Every item as a conditional put inside {@code TransactWriteItems} of {@code perTransaction} items: the one way
     * to keep the idempotent condition and still send fewer requests (at 2 WRUs per item on AWS).
     */
    public long transactEach(String table, List<Map<String, AttributeValue>> items, int perTransaction) throws Exception {
        List<Runnable> work = new ArrayList<>();
        for (int from = 0; from < items.size(); from += perTransaction) {
            List<TransactWriteItem> puts = items.subList(from, Math.min(items.size(), from + perTransaction)).stream()
                    .map(item -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression(IdempotentWrite.CONDITION_EXPRESSION)
                            .expressionAttributeValues(conditionValues(item)).build()).build())
                    .toList();
            work.add(() -> dynamoDb.transactWriteItems(b -> b.transactItems(puts)));
        }
        return inParallel(work);
    }

    private static Map<String, AttributeValue> conditionValues(Map<String, AttributeValue> item) {
        return Map.of(":contentHash", item.get("contentHash"));
    }

    private long inParallel(List<Runnable> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Runnable task : work) {
                done.add(pool.submit(task));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeBatch(String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> send = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(send));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
