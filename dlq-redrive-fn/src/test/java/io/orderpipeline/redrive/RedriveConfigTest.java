package io.orderpipeline.redrive;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedriveConfigTest {

    @Test
    void readsTheTemplatesEnvironmentWithDefaults() {
        RedriveConfig config = RedriveConfig.fromEnvironment(Map.of("ORDERS_TABLE_NAME", "t",
                "DLQ_URL", "http://q/dlq", "PARKING_QUEUE_URL", "http://q/park", "ORDERS_BUCKET_NAME", "b"));
        assertThat(config).isEqualTo(new RedriveConfig("t", "http://q/dlq", "http://q/park", 5, "OrderPipeline",
                "b", "dlq-payloads/"));
        RedriveConfig set = RedriveConfig.fromEnvironment(Map.of("ORDERS_TABLE_NAME", "t", "DLQ_URL", "d",
                "PARKING_QUEUE_URL", "p", "REDRIVE_MAX_ATTEMPTS", "2", "POWERTOOLS_METRICS_NAMESPACE", "NS",
                "ORDERS_BUCKET_NAME", "b", "CLAIM_CHECK_PREFIX", "big/"));
        assertThat(set.maxAttempts()).isEqualTo(2);
        assertThat(set.claimCheckPrefix()).isEqualTo("big/");
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        Map<String, String> env = new HashMap<>(Map.of("ORDERS_TABLE_NAME", "t", "DLQ_URL", "d"));
        assertThatThrownBy(() -> RedriveConfig.fromEnvironment(env)).hasMessageContaining("PARKING_QUEUE_URL");
        env.put("PARKING_QUEUE_URL", "p");
        env.put("REDRIVE_MAX_ATTEMPTS", "five");
        assertThatThrownBy(() -> RedriveConfig.fromEnvironment(env)).hasMessageContaining("REDRIVE_MAX_ATTEMPTS");
        env.put("REDRIVE_MAX_ATTEMPTS", "0");
        assertThatThrownBy(() -> RedriveConfig.fromEnvironment(env)).hasMessageContaining("REDRIVE_MAX_ATTEMPTS");
        env.put("REDRIVE_MAX_ATTEMPTS", "3");
        assertThatThrownBy(() -> RedriveConfig.fromEnvironment(env)).as("claim checks need the bucket")
                .hasMessageContaining("ORDERS_BUCKET_NAME");
        env.put("ORDERS_BUCKET_NAME", "b");
        env.put("CLAIM_CHECK_PREFIX", "dlq-payloads");
        assertThatThrownBy(() -> RedriveConfig.fromEnvironment(env)).hasMessageContaining("CLAIM_CHECK_PREFIX");
    }
}
