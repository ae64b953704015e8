package io.orderpipeline.redrive;

import java.util.Map;

import static io.orderpipeline.lambda.config.FunctionEnvironment.optional;
import static io.orderpipeline.lambda.config.FunctionEnvironment.required;

/**
 * The function's configuration, read once per container from its environment (the real one in Lambda, the
 * template's in the local pipeline).
 *
 * @param maxAttempts       redrive attempts after which a message that still fails goes to the parking queue
 * @param ordersBucket      the bucket holding claim-check bodies ({@code ORDERS_BUCKET_NAME})
 * @param claimCheckPrefix  their key prefix ({@code CLAIM_CHECK_PREFIX}, data-contracts.md §7: {@code dlq-payloads/})
 */
public record RedriveConfig(String tableName, String dlqUrl, String parkingQueueUrl, int maxAttempts,
                            String metricsNamespace, String ordersBucket, String claimCheckPrefix) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final String DEFAULT_METRICS_NAMESPACE = "OrderPipeline";
    /** The prefix data-contracts.md §7 fixes for claim-check bodies. */
    static final String DEFAULT_CLAIM_CHECK_PREFIX = "dlq-payloads/";

    public RedriveConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("REDRIVE_MAX_ATTEMPTS must be at least 1, was " + maxAttempts);
        }
        if (!claimCheckPrefix.endsWith("/")) {
            throw new IllegalArgumentException("CLAIM_CHECK_PREFIX must end with '/', was '" + claimCheckPrefix + "'");
        }
    }

    /** @throws IllegalStateException naming the variable that is missing or malformed */
    public static RedriveConfig fromEnvironment(Map<String, String> env) {
        String maxAttempts = optional(env, "REDRIVE_MAX_ATTEMPTS");
        int attempts;
        try {
            attempts = maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : Integer.parseInt(maxAttempts.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("REDRIVE_MAX_ATTEMPTS must be a whole number, was '" + maxAttempts + "'", e);
        }
        if (attempts < 1) {
            throw new IllegalStateException("REDRIVE_MAX_ATTEMPTS must be at least 1, was " + attempts);
        }
        String namespace = optional(env, "POWERTOOLS_METRICS_NAMESPACE");
        String prefix = optional(env, "CLAIM_CHECK_PREFIX");
        if (prefix != null && !prefix.endsWith("/")) {
            throw new IllegalStateException("CLAIM_CHECK_PREFIX must end with '/', was '" + prefix + "'");
        }
        return new RedriveConfig(required(env, "ORDERS_TABLE_NAME"), required(env, "DLQ_URL"),
                required(env, "PARKING_QUEUE_URL"), attempts,
                namespace == null ? DEFAULT_METRICS_NAMESPACE : namespace, required(env, "ORDERS_BUCKET_NAME"),
                prefix == null ? DEFAULT_CLAIM_CHECK_PREFIX : prefix);
    }
}
