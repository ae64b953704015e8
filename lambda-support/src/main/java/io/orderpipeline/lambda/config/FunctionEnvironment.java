package io.orderpipeline.lambda.config;

import java.util.Map;

/**
 * How every function reads its environment (the real one in Lambda, the template's in the local pipeline): a blank
 * value counts as unset, values are trimmed, and a missing required variable fails naming it.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    /** The trimmed value, or null when the variable is unset or blank. */
    public static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** @throws IllegalStateException naming the variable when it is unset or blank */
    public static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
