package io.orderpipeline.reconciler.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoOrderTableTest {

    @Test
    void attributeValueJsonAndSdkValuesConvertBothWaysWithoutLoss() throws IOException {
        JsonNode item = Json.read("""
                {"orderId":{"S":"ORD-1"},"totalAmount":{"N":"9.950000000000000000000000000001"},
                 "items":{"L":[{"M":{"sku":{"S":"A"},"quantity":{"N":"2"}}},{"NULL":true},{"BOOL":false}]},
                 "tags":{"SS":["a","b"]},"sizes":{"NS":["1","1e-130"]},"blob":{"B":"AAEC"},"blobs":{"BS":["AA=="]},
                 "empty":{"M":{}}}""");

        Map<String, AttributeValue> values = DynamoOrderTable.fromJson(item);

        assertThat(values.get("totalAmount").n()).isEqualTo("9.950000000000000000000000000001");
        assertThat(values.get("items").l().getFirst().m().get("sku").s()).isEqualTo("A");
        assertThat(values.get("items").l().get(1).nul()).isTrue();
        assertThat(values.get("tags").ss()).isEqualTo(List.of("a", "b"));
        assertThat(values.get("blob").b()).isEqualTo(SdkBytes.fromByteArray(new byte[] {0, 1, 2}));
        assertThat(values.get("empty").m()).isEmpty();
        assertThat(values.get("empty").hasM()).isTrue();
        assertThat(DynamoOrderTable.toJson(values)).isEqualTo(item);
    }

    @Test
    void somethingThatIsNotAnAttributeValueIsAnError() {
        assertThatThrownBy(() -> DynamoOrderTable.fromJson(Json.read("{\"a\":{\"X\":\"1\"}}")))
                .hasMessageContaining("X");
        assertThatThrownBy(() -> DynamoOrderTable.fromJson(Json.read("{\"a\":{\"S\":\"1\",\"N\":\"1\"}}")))
                .hasMessageContaining("not an attribute value");
    }
}
