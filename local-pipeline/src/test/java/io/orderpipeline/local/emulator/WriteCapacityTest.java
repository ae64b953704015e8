package io.orderpipeline.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WriteCapacityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WriteCapacity.Schema ORDERS = new WriteCapacity.Schema(List.of("orderId"), List.of(
            new WriteCapacity.Index("byCustomer", List.of("customerId", "orderDate"), "ALL", Set.of())));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static WriteCapacity.Demand demand(String operation, String request) throws Exception {
        return WriteCapacity.demand(operation, json(request), table -> table.equals("Orders") ? ORDERS : null);
    }

    @Test
    void anItemWithTheIndexKeysWritesTheIndexToo() throws Exception {
        var indexed = demand("PutItem", "{'TableName':'Orders','Item':{'orderId':{'S':'ORD-1'},'customerId':{'S':'C-1'},"
                + "'orderDate':{'S':'2026-01-01'}}}");
        assertThat(indexed.units()).containsExactly(Map.entry("Orders", 1L), Map.entry("Orders/index/byCustomer", 1L));
        var sparse = demand("PutItem", "{'TableName':'Orders','Item':{'orderId':{'S':'ORD-2'},'customerId':{'S':'C-1'}}}");
        assertThat(sparse.units()).containsExactly(Map.entry("Orders", 1L));
    }

    @Test
    void unitsArePerStartedKibibyteAndTransactionsCountTwice() throws Exception {
        String big = "{'orderId':{'S':'ORD-3'},'note':{'S':'" + "x".repeat(2100) + "'}}";
        assertThat(demand("PutItem", "{'TableName':'Orders','Item':" + big + "}").total()).isEqualTo(3);
        assertThat(demand("TransactWriteItems", "{'TransactItems':[{'Put':{'TableName':'Orders','Item':" + big
                + "}},{'ConditionCheck':{'TableName':'Orders'}}]}").total()).isEqualTo(6);
        assertThat(demand("BatchWriteItem", "{'RequestItems':{'Orders':[{'PutRequest':{'Item':" + big + "}},"
                + "{'DeleteRequest':{'Key':{'orderId':{'S':'ORD-9'}}}}]}}").units())
                .containsExactly(Map.entry("Orders", 4L), Map.entry("Orders/index/byCustomer", 1L));
        assertThat(demand("GetItem", "{'TableName':'Orders','Key':{'orderId':{'S':'ORD-1'}}}")).isNull();
    }

    @Test
    void aKeysOnlyIndexCopiesOnlyTheKeys() throws Exception {
        var keysOnly = new WriteCapacity.Schema(List.of("orderId"), List.of(
                new WriteCapacity.Index("byCustomer", List.of("customerId"), "KEYS_ONLY", Set.of())));
        var demand = WriteCapacity.demand("PutItem", json("{'TableName':'T','Item':{'orderId':{'S':'O'},"
                + "'customerId':{'S':'C'},'note':{'S':'" + "x".repeat(3000) + "'}}}"), t -> keysOnly);
        assertThat(demand.units()).containsExactly(Map.entry("T", 3L), Map.entry("T/index/byCustomer", 1L));
    }

    @Test
    void writesBeyondTheCapacityAreRefusedUntilItRefills() {
        var now = new AtomicLong();
        var capacity = new WriteCapacity(10, now::get);
        var one = new WriteCapacity.Demand(Map.of("Orders", 1L));
        for (int i = 0; i < 10; i++) {
            assertThat(capacity.admit(one)).isNull();
        }
        assertThat(capacity.admit(one)).isEqualTo(new WriteCapacity.Refusal("Orders", false));
        assertThat(capacity.peakDemandPerSecond()).as("what was asked for, refused writes included").isEqualTo(11);
        now.addAndGet(100_000_000); // 0.1 s: one unit back
        assertThat(capacity.admit(one)).isNull();
        assertThat(capacity.admit(one)).isNotNull();

        now.addAndGet(10_000_000_000L); // a full bucket holds one second's worth, no more
        var large = new WriteCapacity.Demand(Map.of("Orders", 25L));
        assertThat(capacity.admit(large)).as("an item larger than a second's capacity still gets through").isNull();
        now.addAndGet(1_000_000_000L); // 10 back: still 5 short
        assertThat(capacity.admit(one)).isNotNull();
        now.addAndGet(600_000_000L);
        assertThat(capacity.admit(one)).isNull();
    }

    @Test
    void theIndexHasItsOwnCapacityAndARefusedWriteTakesNothing() {
        var now = new AtomicLong();
        var capacity = new WriteCapacity(2, now::get);
        var indexOnly = new WriteCapacity.Demand(Map.of("Orders/index/byCustomer", 2L));
        assertThat(capacity.admit(indexOnly)).isNull();
        var both = new WriteCapacity.Demand(new java.util.LinkedHashMap<>(Map.of("Orders", 1L)));
        both.units().put("Orders/index/byCustomer", 1L);
        assertThat(capacity.admit(both)).isEqualTo(new WriteCapacity.Refusal("Orders/index/byCustomer", true));
        var tableOnly = new WriteCapacity.Demand(Map.of("Orders", 1L));
        assertThat(capacity.admit(tableOnly)).isNull();
        assertThat(capacity.admit(tableOnly)).as("the refused write took nothing from the table").isNull();
        assertThat(capacity.admit(tableOnly)).isNotNull();
    }
}
