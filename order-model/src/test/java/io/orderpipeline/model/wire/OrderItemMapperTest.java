package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.orderpipeline.model.Orders.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderItemMapperTest {

    private static final IngestionContext CONTEXT = new IngestionContext(
            new SourceRef("orders-bucket", "incoming/2026/11/orders.json", "3HL4kqtJlcpXroDTDmJ"),
            "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1",
            Instant.parse("2026-11-24T10:00:00Z"));

    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    private Order order(JsonNode record, RecordFormat format) {
        return ((ValidationResult.Valid) validator.validate(record, format)).order();
    }

    @Test
    void theItemHasExactlyTheContractsAttributes() {
        ObjectNode item = OrderItemMapper.toItem(order(Orders.sample(), RecordFormat.JSON), CONTEXT);
        String hash = item.get("contentHash").get("S").asText();

        assertThat(item).isEqualTo(json("""
                {"orderId":{"S":"ORD-2026-000001"},"customerId":{"S":"CUST-0042"},
                 "orderDate":{"S":"2026-11-20T09:15:00Z"},"currency":{"S":"EUR"},"totalAmount":{"N":"24.4"},
                 "items":{"L":[{"M":{"sku":{"S":"SKU-RED-MUG"},"quantity":{"N":"2"},"unitPrice":{"N":"9.95"}}},
                               {"M":{"sku":{"S":"SKU-TEA-100"},"quantity":{"N":"1"},"unitPrice":{"N":"4.5"}}}]},
                 "channel":{"S":"web"},
                 "shippingAddress":{"M":{"line1":{"S":"1 Main St"},"city":{"S":"Dublin"},"postalCode":{"S":"D01"},"country":{"S":"IE"}}},
                 "attributes":{"M":{"promo":{"S":"WINTER"},"giftWrap":{"BOOL":true}}},
                 "contentHash":{"S":"%s"},
                 "sourceBucket":{"S":"orders-bucket"},"sourceKey":{"S":"incoming/2026/11/orders.json"},
                 "sourceVersion":{"S":"3HL4kqtJlcpXroDTDmJ"},
                 "executionId":{"S":"arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1"},
                 "ingestedAt":{"S":"2026-11-24T10:00:00Z"}}
                """.formatted(hash)));
        assertThat(hash).matches("[0-9a-f]{64}");
    }

    @Test
    void optionalAttributesAreLeftOutWhenAbsent() {
        IngestionContext unversioned = new IngestionContext(new SourceRef("b", "k.json", null), "exec", CONTEXT.ingestedAt());
        ObjectNode item = OrderItemMapper.toItem(order(Orders.minimal(), RecordFormat.JSON), unversioned);
        assertThat(item.has("channel")).isFalse();
        assertThat(item.has("shippingAddress")).isFalse();
        assertThat(item.has("attributes")).isFalse();
        assertThat(item.has("sourceVersion")).isFalse();
    }

    @Test
    void freeFormJsonMapsToEveryAttributeValueType() {
        JsonNode json = json("""
                {"s":"x","n":1,"d":1.50,"big":12345678901234567890,"t":true,"nothing":null,"l":[1,"a",{"k":false}],"m":{}}
                """);
        assertThat(AttributeValues.toAttributeValue(json)).isEqualTo(json("""
                {"M":{"s":{"S":"x"},"n":{"N":"1"},"d":{"N":"1.5"},"big":{"N":"12345678901234567890"},"t":{"BOOL":true},
                 "nothing":{"NULL":true},"l":{"L":[{"N":"1"},{"S":"a"},{"M":{"k":{"BOOL":false}}}]},"m":{"M":{}}}}
                """));
        assertThat(ContentHashTest.canonical(AttributeValues.toJson(AttributeValues.toAttributeValue(json))))
                .isEqualTo(ContentHashTest.canonical(json));
    }

    @Test
    void fromItemGivesBackTheSameOrder() {
        Order original = order(Orders.sample(), RecordFormat.JSON);
        ObjectNode item = OrderItemMapper.toItem(original, CONTEXT);

        Order back = OrderItemMapper.fromItem(item);

        assertThat(back.orderId()).isEqualTo(original.orderId());
        assertThat(back.customerId()).isEqualTo(original.customerId());
        assertThat(back.orderDate()).isEqualTo(original.orderDate());
        assertThat(back.currency()).isEqualTo(original.currency());
        assertThat(back.totalAmount()).isEqualByComparingTo(original.totalAmount());
        assertThat(back.items()).extracting(LineItem::sku).containsExactly("SKU-RED-MUG", "SKU-TEA-100");
        assertThat(back.items().get(1).unitPrice()).isEqualByComparingTo("4.50");
        assertThat(back.shippingAddress()).isEqualTo(original.shippingAddress());
        assertThat(back.attributes()).isEqualTo(original.attributes());
        assertThat(ContentHash.of(back)).isEqualTo(OrderItemMapper.contentHash(item));
        assertThat(OrderItemMapper.contextFromItem(item)).isEqualTo(CONTEXT);
        // and the stored order still passes the rules when re-validated as a JSON record
        assertThat(validator.validate(OrderRecords.toRecord(back), RecordFormat.JSON).isValid()).isTrue();
    }

    @Test
    void fromItemRejectsSomethingThatIsNotAnOrderItem() {
        assertThatThrownBy(() -> OrderItemMapper.fromItem(json("{\"orderId\":{\"S\":\"x\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items");
        assertThatThrownBy(() -> OrderItemMapper.fromItem(json("{\"orderId\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idempotentWriteUsesTheItemsContentHash() {
        ObjectNode item = OrderItemMapper.toItem(order(Orders.sample(), RecordFormat.JSON), CONTEXT);
        assertThat(IdempotentWrite.CONDITION_EXPRESSION)
                .isEqualTo("attribute_not_exists(orderId) OR contentHash = :contentHash");
        assertThat(IdempotentWrite.expressionAttributeValues(item)).isEqualTo(json(
                "{\":contentHash\":{\"S\":\"" + item.get("contentHash").get("S").asText() + "\"}}"));
    }

    @Test
    void replayingTheSameOrderGivesTheSameHashAndAChangedOrderAnother() {
        ObjectNode first = OrderItemMapper.toItem(order(Orders.sample(), RecordFormat.JSON), CONTEXT);
        IngestionContext later = new IngestionContext(new SourceRef("orders-bucket", "incoming/other.csv", null),
                "exec-2", Instant.parse("2026-11-25T00:00:00Z"));
        ObjectNode replay = OrderItemMapper.toItem(order(json(Orders.SAMPLE_CSV_RECORD), RecordFormat.CSV), later);
        assertThat(OrderItemMapper.contentHash(replay)).isEqualTo(OrderItemMapper.contentHash(first));

        ObjectNode changed = Orders.sample();
        ((ObjectNode) changed.get("items").get(0)).put("quantity", 3);
        changed.put("totalAmount", new BigDecimal("34.35"));
        assertThat(OrderItemMapper.contentHash(OrderItemMapper.toItem(order(changed, RecordFormat.JSON), CONTEXT)))
                .isNotEqualTo(OrderItemMapper.contentHash(first));
    }

    @Test
    void itemsKeepTheirOrderInTheItem() {
        ObjectNode record = Orders.sample();
        ArrayNode items = (ArrayNode) record.get("items");
        JsonNode firstLine = items.remove(0);
        items.add(firstLine);
        ObjectNode item = OrderItemMapper.toItem(order(record, RecordFormat.JSON), CONTEXT);
        assertThat(item.get("items").get("L").get(0).get("M").get("sku").get("S").asText()).isEqualTo("SKU-TEA-100");
    }
}
