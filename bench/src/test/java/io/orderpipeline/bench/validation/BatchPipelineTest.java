package io.orderpipeline.bench.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.bench.data.OrderGenerator;
import io.orderpipeline.model.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarked work must produce the validator's output contract, or the figures measure the wrong thing. */
class BatchPipelineTest {

    private final BatchPipeline pipeline =
            new BatchPipeline(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aMixedBatchBecomesItemsAndDlqBodies() throws IOException {
        byte[] batch = Json.mapper().writeValueAsBytes(new OrderGenerator(42, 10).batch(100));

        JsonNode output = Json.mapper().readTree(pipeline.process(batch));

        assertThat(output.get("counts").get("received").asInt()).isEqualTo(100);
        assertThat(output.get("valid")).hasSize(90);
        assertThat(output.get("invalid")).hasSize(10);
        assertThat(output.get("counts").get("byReason").get("TOTAL_MISMATCH").asInt()).isEqualTo(10);
        JsonNode item = output.get("valid").get(0).get("item");
        assertThat(item.get("orderId").get("S").asText()).isEqualTo(output.get("valid").get(0).get("orderId").asText());
        assertThat(item.get("contentHash").get("S").asText()).hasSize(64);
        JsonNode dlqBody = Json.mapper().readTree(output.get("invalid").get(0).get("message").asText());
        assertThat(dlqBody.get("reasons").get(0).get("code").asText()).isEqualTo("TOTAL_MISMATCH");
    }

    @Test
    void readAndValidateCountsTheValidOrders() throws IOException {
        byte[] batch = Json.mapper().writeValueAsBytes(new OrderGenerator(42, 10).batch(100));

        assertThat(pipeline.readAndValidate(batch)).isEqualTo(90);
        assertThat(pipeline.read(batch).records()).hasSize(100);
    }
}
