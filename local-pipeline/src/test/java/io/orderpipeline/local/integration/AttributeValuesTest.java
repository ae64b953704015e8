package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTypeSurvivesTheRoundTrip() throws Exception {
        var json = JSON.readTree("""
                {"s": {"S": "text"}, "n": {"N": "24.40"}, "t": {"BOOL": true}, "z": {"NULL": true},
                 "b": {"B": "AQID"}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": ["AQ=="]},
                 "m": {"M": {"inner": {"L": [{"S": "x"}, {"N": "1"}, {"M": {}}]}}}}
                """);
        var values = AttributeValues.toMap(json);
        assertThat(values.get("n").n()).isEqualTo("24.40");
        assertThat(values.get("b").b()).isEqualTo(SdkBytes.fromByteArray(new byte[]{1, 2, 3}));
        assertThat(values.get("m").m().get("inner").l()).hasSize(3);
        assertThat(values.get("z").nul()).isTrue();
        assertThat(AttributeValues.fromMap(values)).isEqualTo(json);
    }

    @Test
    void sdkValuesBecomeTheWireJson() {
        var json = AttributeValues.fromMap(Map.of("items", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("quantity", AttributeValue.fromN("2")))))));
        assertThat(json.toString()).isEqualTo("{\"items\":{\"L\":[{\"M\":{\"quantity\":{\"N\":\"2\"}}}]}}");
    }

    @Test
    void malformedValuesAreRejectedWithTheReason() throws Exception {
        assertThatThrownBy(() -> AttributeValues.toValue(JSON.readTree("{\"S\": \"a\", \"N\": \"1\"}")))
                .hasMessageContaining("exactly one type key");
        assertThatThrownBy(() -> AttributeValues.toValue(JSON.readTree("{\"N\": 1}")))
                .hasMessageContaining("must be a string");
        assertThatThrownBy(() -> AttributeValues.toValue(JSON.readTree("{\"X\": \"1\"}")))
                .hasMessageContaining("Unknown attribute value type X");
    }
}
