package io.orderpipeline.reconciler;

import java.util.Map;

import static io.orderpipeline.lambda.config.FunctionEnvironment.optional;
import static io.orderpipeline.lambda.config.FunctionEnvironment.required;

/**
 * The function's configuration, read once per container from its environment (the real one in Lambda, the template's
 * in the local pipeline).
 *
 * @param ordersBucket     the orders bucket: the Map's results, the report and the claim-check bodies live there
 * @param mapResultsPrefix the ResultWriter's prefix before the execution name
 * @param claimCheckPrefix where DLQ bodies over SQS's limit are stored
 * @param maxFileBytes     the largest file INSPECT accepts ({@code MAX_FILE_BYTES}, the template's {@code MaxFileBytes}:
 *                         what the function checks within its timeout and memory, docs/deploy.md "Limits")
 */
public record ReconcilerConfig(String ordersBucket, String mapResultsPrefix, String claimCheckPrefix, String tableName,
                               String dlqUrl, String metricsNamespace, long maxFileBytes) {

    public ReconcilerConfig {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be at least 1, was " + maxFileBytes);
        }
    }

    static final String DEFAULT_METRICS_NAMESPACE = "OrderPipeline";

    /** @throws IllegalStateException naming the variable that is missing */
    public static ReconcilerConfig fromEnvironment(Map<String, String> env) {
        String namespace = optional(env, "POWERTOOLS_METRICS_NAMESPACE");
        String results = optional(env, "MAP_RESULTS_PREFIX");
        String claimCheck = optional(env, "CLAIM_CHECK_PREFIX");
        return new ReconcilerConfig(required(env, "ORDERS_BUCKET_NAME"), results == null ? "map-results/" : results,
                claimCheck == null ? "dlq-payloads/" : claimCheck, required(env, "ORDERS_TABLE_NAME"),
                required(env, "DLQ_URL"), namespace == null ? DEFAULT_METRICS_NAMESPACE : namespace,
                maxFileBytes(required(env, "MAX_FILE_BYTES")));
    }

    private static long maxFileBytes(String value) {
        long bytes;
        try {
            bytes = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("MAX_FILE_BYTES must be a whole number of bytes, was '" + value + "'", e);
        }
        if (bytes < 1) {
            throw new IllegalStateException("MAX_FILE_BYTES must be at least 1, was " + bytes);
        }
        return bytes;
    }
}
