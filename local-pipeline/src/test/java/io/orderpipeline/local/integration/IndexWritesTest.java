package io.orderpipeline.local.integration;

import io.orderpipeline.local.emulator.ItemSize;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IndexWritesTest {

    private static IndexWrites byCustomer(ProjectionType projection, Set<String> included) {
        return new IndexWrites(List.of(new IndexWrites.Index("byCustomer", Set.of("orderId", "customerId", "orderDate"),
                Set.of("customerId", "orderDate"), projection, included)));
    }

    /** An order item of about 1.5 KiB: two write units on the table. */
    private static Map<String, AttributeValue> item() {
        var item = new LinkedHashMap<String, AttributeValue>();
        item.put("orderId", AttributeValue.fromS("ORD-1"));
        item.put("customerId", AttributeValue.fromS("CUST-1"));
        item.put("orderDate", AttributeValue.fromS("2026-11-20"));
        item.put("currency", AttributeValue.fromS("EUR"));
        item.put("note", AttributeValue.fromS("x".repeat(1500)));
        return item;
    }

    @Test
    void anAllProjectionStoresTheWholeItemAndPaysItsSize() {
        assertThat(ItemSize.writeUnits(item())).isEqualTo(2);
        assertThat(byCustomer(ProjectionType.ALL, Set.of()).writeUnits(item())).isEqualTo(2);
        // given the item's size, an ALL index counts that size without walking the item again
        assertThat(byCustomer(ProjectionType.ALL, Set.of()).writeUnits(item(), ItemSize.of(item()))).isEqualTo(2);
    }

    @Test
    void aKeysOnlyProjectionStoresTheKeysAndPaysOneUnit() {
        assertThat(byCustomer(ProjectionType.KEYS_ONLY, Set.of()).writeUnits(item())).isEqualTo(1);
        assertThat(IndexWrites.entry(byCustomer(ProjectionType.KEYS_ONLY, Set.of()).indexes().getFirst(), item()))
                .containsOnlyKeys("orderId", "customerId", "orderDate");
    }

    @Test
    void anIncludeProjectionAddsTheNamedAttributes() {
        var include = byCustomer(ProjectionType.INCLUDE, Set.of("currency", "note"));
        assertThat(IndexWrites.entry(include.indexes().getFirst(), item()))
                .containsOnlyKeys("orderId", "customerId", "orderDate", "currency", "note");
        assertThat(include.writeUnits(item())).isEqualTo(2);
    }

    @Test
    void anItemWithoutTheIndexKeyIsNotWrittenToTheIndex() {
        var item = item();
        item.remove("orderDate");
        assertThat(byCustomer(ProjectionType.ALL, Set.of()).writeUnits(item)).isZero();
        assertThat(new IndexWrites(List.of()).writeUnits(item())).isZero();
    }
}
