package io.orderpipeline.reconciler;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The function's environment as the template sets it, MAX_FILE_BYTES (the template's MaxFileBytes) included. */
class ReconcilerConfigTest {

    static Map<String, String> environment(String maxFileBytes) {
        var env = new HashMap<String, String>(Map.of("ORDERS_BUCKET_NAME", "orders-bucket",
                "ORDERS_TABLE_NAME", "orders", "DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq"));
        if (maxFileBytes != null) {
            env.put("MAX_FILE_BYTES", maxFileBytes);
        }
        return env;
    }

    @Test
    void theLargestFileAcceptedComesFromTheEnvironment() {
        assertThat(ReconcilerConfig.fromEnvironment(environment(" 500000000 ")).maxFileBytes()).isEqualTo(500_000_000L);
    }

    @Test
    void aMissingOrMalformedLimitFailsTheColdStartNamingTheVariable() {
        assertThatThrownBy(() -> ReconcilerConfig.fromEnvironment(environment(null)))
                .hasMessageContaining("MAX_FILE_BYTES");
        assertThatThrownBy(() -> ReconcilerConfig.fromEnvironment(environment("500MB")))
                .hasMessageContaining("MAX_FILE_BYTES must be a whole number of bytes, was '500MB'");
        assertThatThrownBy(() -> ReconcilerConfig.fromEnvironment(environment("0")))
                .hasMessageContaining("MAX_FILE_BYTES must be at least 1");
    }
}
