package io.orderpipeline.reconciler.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.IdempotentWrite;
import io.orderpipeline.reconciler.core.OrderTable.PutOutcome;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table adapter's three calls, against a DynamoDB client holding one item and evaluating its conditions. */
class DynamoOrderTableTest {

    /** DynamoDB as the adapter calls it: one table, the put's and the delete's conditions on the content hash. */
    private static final class FakeDynamoDb implements DynamoDbClient {
        Map<String, AttributeValue> item;
        PutItemRequest lastPut;
        boolean throttled;

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            if (throttled) {
                throw ProvisionedThroughputExceededException.builder().message("Rate of requests exceeds").build();
            }
            lastPut = request;
            if (item != null && !item.get("contentHash").equals(request.expressionAttributeValues().get(":contentHash"))) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            item = request.item();
            return PutItemResponse.builder().build();
        }

        @Override
        public DeleteItemResponse deleteItem(DeleteItemRequest request) {
            var values = request.expressionAttributeValues();
            if (item == null || !item.get("contentHash").equals(values.get(":contentHash"))
                    || !item.get("executionId").equals(values.get(":executionId"))) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            item = null;
            return DeleteItemResponse.builder().build();
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

    private static JsonNode item(String contentHash) throws IOException {
        return Json.read("""
                {"orderId":{"S":"ORD-1"},"totalAmount":{"N":"9.950000000000000000000000000001"},
                 "items":{"L":[{"M":{"sku":{"S":"A"},"quantity":{"N":"2"}}}]},
                 "contentHash":{"S":"%s"},"executionId":{"S":"exec-1"}}""".formatted(contentHash));
    }

    @Test
    void theConditionalPutStoresAndAStoredOrderReadsBackExactly() throws IOException {
        assertThat(table.put(item("hash-1"))).isEqualTo(PutOutcome.STORED);

        assertThat(dynamoDb.lastPut.conditionExpression()).isEqualTo(IdempotentWrite.CONDITION_EXPRESSION);
        assertThat(dynamoDb.lastPut.tableName()).isEqualTo("OrdersTable");
        assertThat(table.get("ORD-1")).isEqualTo(item("hash-1"));
        assertThat(table.put(item("hash-1"))).as("the same content again").isEqualTo(PutOutcome.STORED);
    }

    @Test
    void otherContentUnderTheOrderIdIsAConflictAndNothingIsWritten() throws IOException {
        table.put(item("hash-1"));

        assertThat(table.put(item("hash-2"))).isEqualTo(PutOutcome.CONFLICT);
        assertThat(table.get("ORD-1")).isEqualTo(item("hash-1"));
    }

    @Test
    void theDeleteHoldsOnlyForTheSameContentWrittenByTheSameExecution() throws IOException {
        table.put(item("hash-1"));

        assertThat(table.deleteIfUnchanged("ORD-1", "hash-2", "exec-1")).isFalse();
        assertThat(table.deleteIfUnchanged("ORD-1", "hash-1", "exec-2")).isFalse();
        assertThat(table.deleteIfUnchanged("ORD-1", "hash-1", "exec-1")).isTrue();
        assertThat(table.get("ORD-1")).isNull();
    }

    @Test
    void aServiceErrorOrAnItemThatIsNotOneIsAnIoExceptionInDynamoDbsWords() throws IOException {
        dynamoDb.throttled = true;
        assertThatThrownBy(() -> table.put(item("hash-1"))).isInstanceOf(IOException.class)
                .hasMessageContaining("PutItem ORD-1").hasMessageContaining("Rate of requests exceeds");
        assertThatThrownBy(() -> table.put(Json.read("{\"orderId\":{\"S\":\"ORD-1\"},\"contentHash\":{\"S\":\"h\"},\"x\":{\"X\":\"1\"}}")))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown attribute value type X");
    }
}
