package io.orderpipeline.redrive;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeValueJsonTest {

    @Test
    void anOrderItemBecomesTheSameSdkItem() {
        var item = AttributeValueJson.item(Dlq.json("""
                {"orderId": {"S": "ORD-1"}, "totalAmount": {"N": "19.9"},
                 "items": {"L": [{"M": {"sku": {"S": "SKU-1"}, "quantity": {"N": "2"}}}]},
                 "attributes": {"M": {"giftWrap": {"BOOL": true}, "note": {"NULL": true}}},
                 "tags": {"SS": ["a", "b"]}}"""));
        assertThat(item).containsExactly(
                Map.entry("orderId", AttributeValue.fromS("ORD-1")),
                Map.entry("totalAmount", AttributeValue.fromN("19.9")),
                Map.entry("items", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                        "sku", AttributeValue.fromS("SKU-1"), "quantity", AttributeValue.fromN("2")))))),
                Map.entry("attributes", AttributeValue.fromM(Map.of(
                        "giftWrap", AttributeValue.fromBool(true), "note", AttributeValue.fromNul(true)))),
                Map.entry("tags", AttributeValue.fromSs(List.of("a", "b"))));
    }

    @Test
    void theValidatorsItemConvertsWhole() {
        var json = Dlq.item(Dlq.validRecord("ORD-9"));
        var item = AttributeValueJson.item(json);
        assertThat(item.keySet()).containsExactlyElementsOf(() -> json.fieldNames());
        assertThat(item.get("contentHash").s()).hasSize(64);
    }

    @Test
    void rejectsWhatIsNotAnAttributeValue() {
        assertThatThrownBy(() -> AttributeValueJson.item(Dlq.json("{\"a\": {\"S\": 1}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttributeValueJson.item(Dlq.json("{\"a\": {\"S\": \"x\", \"N\": \"1\"}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttributeValueJson.item(Dlq.json("{\"a\": {\"B\": \"AAA=\"}}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
