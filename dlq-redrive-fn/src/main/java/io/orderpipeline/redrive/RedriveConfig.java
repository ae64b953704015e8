package io.orderpipeline.redrive;

import java.util.Map;

/**
 * The function's configuration, read once per container from its environment (the real one in Lambda, the
 * template's in the local pipeline).
 *
 * @param maxAttempts redrive attempts after which a message that still fails goes to the parking queue
 */
public record RedriveConfig(String tableName, String dlqUrl, String parkingQueueUrl, int maxAttempts,
                            String metricsNamespace) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final String DEFAULT_METRICS_NAMESPACE = "OrderPipeline";

    public RedriveConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("REDRIVE_MAX_ATTEMPTS must be at least 1, was " + maxAttempts);
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
        return new RedriveConfig(required(env, "ORDERS_TABLE_NAME"), required(env, "DLQ_URL"),
                required(env, "PARKING_QUEUE_URL"), attempts,
                namespace == null ? DEFAULT_METRICS_NAMESPACE : namespace);
    }

    private static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
