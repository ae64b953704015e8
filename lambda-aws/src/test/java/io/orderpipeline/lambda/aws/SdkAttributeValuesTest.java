package io.orderpipeline.lambda.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SdkAttributeValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void everyTypeSurvivesTheRoundTripWithoutLoss() throws Exception {
        JsonNode item = json("""
                {"orderId":{"S":"ORD-1"},"totalAmount":{"N":"9.950000000000000000000000000001"},
                 "items":{"L":[{"M":{"sku":{"S":"A"},"quantity":{"N":"2"}}},{"NULL":true},{"BOOL":false}]},
                 "tags":{"SS":["a","b"]},"sizes":{"NS":["1","1e-130"]},"blob":{"B":"AAEC"},"blobs":{"BS":["AA=="]},
                 "empty":{"M":{}}}""");

        Map<String, AttributeValue> values = SdkAttributeValues.toSdk(item);

        assertThat(values.keySet()).containsExactly("orderId", "totalAmount", "items", "tags", "sizes", "blob", "blobs",
                "empty");
        assertThat(values.get("totalAmount").n()).isEqualTo("9.950000000000000000000000000001");
        assertThat(values.get("items").l().getFirst().m().get("sku").s()).isEqualTo("A");
        assertThat(values.get("items").l().get(1).nul()).isTrue();
        assertThat(values.get("tags").ss()).isEqualTo(List.of("a", "b"));
        assertThat(values.get("blob").b()).isEqualTo(SdkBytes.fromByteArray(new byte[] {0, 1, 2}));
        assertThat(values.get("empty").hasM()).isTrue();
        assertThat(SdkAttributeValues.toJson(values)).isEqualTo(item);
    }

    @Test
    void sdkValuesBecomeTheWireJson() {
        var json = SdkAttributeValues.toJson(Map.of("items", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("quantity", AttributeValue.fromN("2")))))));

        assertThat(json.toString()).isEqualTo("{\"items\":{\"L\":[{\"M\":{\"quantity\":{\"N\":\"2\"}}}]}}");
    }

    @Test
    void whatIsNotAnAttributeValueIsRejectedWithTheReason() throws Exception {
        assertThatThrownBy(() -> SdkAttributeValues.toSdk(json("{\"a\":{\"S\":\"x\",\"N\":\"1\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one type key");
        assertThatThrownBy(() -> SdkAttributeValues.toSdk(json("{\"a\":{\"S\":1}}")))
                .hasMessageContaining("S attribute value must hold a string");
        assertThatThrownBy(() -> SdkAttributeValues.toSdk(json("{\"a\":{\"SS\":\"a\"}}")))
                .hasMessageContaining("SS attribute value must hold an array");
        assertThatThrownBy(() -> SdkAttributeValues.toSdk(json("{\"a\":{\"X\":\"1\"}}")))
                .hasMessageContaining("unknown attribute value type X");
        assertThatThrownBy(() -> SdkAttributeValues.toSdk(json("[1]")))
                .hasMessageContaining("must be a JSON object");
    }
}
