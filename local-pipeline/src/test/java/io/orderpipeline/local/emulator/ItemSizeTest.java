package io.orderpipeline.local.emulator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ItemSizeTest {

    @Test
    void sizesFollowDynamoDbRulesAndWritesCostOneUnitPerStartedKibibyte() {
        var small = Map.of("orderId", AttributeValue.fromS("ORD-1"), "total", AttributeValue.fromN("24.40"),
                "gift", AttributeValue.fromBool(true));
        // "orderId"(7) + "ORD-1"(5) + "total"(5) + 24.40 -> digits 244 -> 2 + 1 = 3 + "gift"(4) + 1
        assertThat(ItemSize.of(small)).isEqualTo(25);
        assertThat(ItemSize.writeUnits(small)).isEqualTo(1);

        var big = Map.of("orderId", AttributeValue.fromS("ORD-2"), "note", AttributeValue.fromS("x".repeat(2100)));
        assertThat(ItemSize.writeUnits(big)).isEqualTo(3);

        var nested = Map.of("items", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", AttributeValue.fromS("A"))))));
        // "items"(5) + list overhead 3 + (map overhead 3 + "sku"(3) + "A"(1) + 1) + 1
        assertThat(ItemSize.of(nested)).isEqualTo(17);
    }

    @Test
    void theSdkWalkCountsAsTheModelsOneRuleDoesNumbersWithTrailingZerosIncluded() {
        var item = Map.of("orderId", AttributeValue.fromS("ORD-Zoë"), "total", AttributeValue.fromN("1500.00"),
                "rate", AttributeValue.fromN("-0.00120E5"), "tags", AttributeValue.fromNs(List.of("10", "200")),
                "lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("qty", AttributeValue.fromN("3"),
                        "gift", AttributeValue.fromBool(false), "note", AttributeValue.fromNul(true))))));
        var json = io.orderpipeline.lambda.aws.SdkAttributeValues.toJson(item);

        assertThat(ItemSize.of(item)).isEqualTo(io.orderpipeline.model.wire.ItemSize.of(json));
        // 1500.00 has two significant digits (15): 2 bytes, where counting every non-leading digit said 4
        assertThat(io.orderpipeline.model.wire.ItemSize.number("1500.00")).isEqualTo(2);
    }
}
