package io.orderpipeline.redrive.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.model.wire.IdempotentWrite;
import io.orderpipeline.redrive.Dlq;
import io.orderpipeline.redrive.core.OrderTable.WriteOutcome;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table port on DynamoDB: the state machine's conditional put, and the dry run's consistent read. */
class DynamoOrderTableTest {

    /** DynamoDB as the adapter calls it: one table and the one condition the pipeline puts with. */
    private static final class FakeDynamoDb implements DynamoDbClient {
        final Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        final List<Object> requests = new ArrayList<>();
        boolean throttled;

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            requests.add(request);
            if (throttled) {
                throw ProvisionedThroughputExceededException.builder().message("Rate of requests exceeds").build();
            }
            String id = request.item().get("orderId").s();
            Map<String, AttributeValue> existing = items.get(id);
            if (existing != null
                    && !existing.get("contentHash").equals(request.expressionAttributeValues().get(":contentHash"))) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            items.put(id, request.item());
            return PutItemResponse.builder().attributes(existing == null ? Map.of() : existing).build();
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            requests.add(request);
            var existing = items.get(request.key().get("orderId").s());
            return existing == null ? GetItemResponse.builder().build()
                    : GetItemResponse.builder().item(Map.of("contentHash", existing.get("contentHash"))).build();
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
    private final DynamoOrderTable table = new DynamoOrderTable(dynamoDb, Dlq.TABLE);
    private final JsonNode item = Dlq.item(Dlq.validRecord("ORD-1"));
    private final JsonNode other = Dlq.item(Dlq.validRecord("ORD-1").put("customerId", "CUST-OTHER"));

    @Test
    void aNewOrderIsWrittenAReplayIsAlreadyPresentOtherContentIsAConflict() {
        assertThat(table.put(item)).isEqualTo(WriteOutcome.WRITTEN);
        assertThat(table.put(item)).isEqualTo(WriteOutcome.ALREADY_PRESENT);
        assertThat(table.put(other)).isEqualTo(WriteOutcome.CONFLICT);

        assertThat(dynamoDb.items.get("ORD-1")).isEqualTo(SdkAttributeValues.toSdk(item));
        assertThat(dynamoDb.requests.getFirst()).isInstanceOfSatisfying(PutItemRequest.class, put -> {
            assertThat(put.tableName()).isEqualTo(Dlq.TABLE);
            assertThat(put.conditionExpression()).isEqualTo(IdempotentWrite.CONDITION_EXPRESSION);
            assertThat(put.returnValues()).isEqualTo(ReturnValue.ALL_OLD);
        });
    }

    @Test
    void aDryRunPredictsTheSameOutcomesByAConsistentReadAndWritesNothing() {
        assertThat(table.predict(item)).isEqualTo(WriteOutcome.WRITTEN);
        table.put(item);
        dynamoDb.requests.clear();

        assertThat(table.predict(item)).isEqualTo(WriteOutcome.ALREADY_PRESENT);
        assertThat(table.predict(other)).isEqualTo(WriteOutcome.CONFLICT);
        assertThat(dynamoDb.requests).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(GetItemRequest.class,
                get -> assertThat(get.consistentRead()).isTrue()));
    }

    @Test
    void throttlingAfterTheSdksRetriesIsThrownForTheRunToKeepTheMessage() {
        dynamoDb.throttled = true;

        assertThatThrownBy(() -> table.put(item)).isInstanceOf(ProvisionedThroughputExceededException.class);
    }
}
