package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What to redrive (docs/redrive.md, "Request").
 *
 * @param maxMessages       at most this many matching messages are handled (1..1000)
 * @param reasonCode        only messages whose primary reason is this code; null = any
 * @param sourceKeyPrefix   only messages from an order file whose key starts with this; null = any
 * @param timeBudgetSeconds null = the function's remaining time minus a safety margin (never more than that)
 */
public record RedriveRequest(int maxMessages, boolean dryRun, ReasonCode reasonCode, String sourceKeyPrefix,
                             Integer timeBudgetSeconds) {

    public static final int DEFAULT_MAX_MESSAGES = 100;
    public static final int MAX_MAX_MESSAGES = 1000;
    private static final Set<String> FIELDS =
            Set.of("maxMessages", "dryRun", "reasonCode", "sourceKeyPrefix", "timeBudgetSeconds");

    public RedriveRequest {
        if (maxMessages < 1 || maxMessages > MAX_MAX_MESSAGES) {
            throw new InvalidRedriveRequestException(
                    "maxMessages must be between 1 and " + MAX_MAX_MESSAGES + ", was " + maxMessages);
        }
        if (timeBudgetSeconds != null && timeBudgetSeconds < 1) {
            throw new InvalidRedriveRequestException(
                    "timeBudgetSeconds must be a positive whole number of seconds, was " + timeBudgetSeconds);
        }
        if (sourceKeyPrefix != null && sourceKeyPrefix.isEmpty()) {
            sourceKeyPrefix = null;
        }
    }

    public static RedriveRequest defaults() {
        return new RedriveRequest(DEFAULT_MAX_MESSAGES, false, null, null, null);
    }

    /**
     * Parses the invocation payload. An empty payload (or {@code null}) means all defaults.
     *
     * @throws InvalidRedriveRequestException naming the field, for wrong types, out-of-range values and unknown
     *                                        fields (a misspelt {@code "dryrun"} must not turn into a real run)
     */
    public static RedriveRequest parse(String payload) {
        if (payload == null || payload.isBlank()) {
            return defaults();
        }
        JsonNode tree;
        try {
            tree = Json.read(payload);
        } catch (IOException e) {
            throw new InvalidRedriveRequestException("the request is not JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (tree == null || tree.isNull()) {
            return defaults();
        }
        if (!tree.isObject()) {
            throw new InvalidRedriveRequestException("the request must be a JSON object, was " + tree.getNodeType());
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRedriveRequestException("unknown field '" + name + "' (expected one of "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        int maxMessages = wholeNumber(tree, "maxMessages").orElse(DEFAULT_MAX_MESSAGES);
        Integer budget = wholeNumber(tree, "timeBudgetSeconds").orElse(null);
        boolean dryRun = false;
        JsonNode dry = present(tree, "dryRun");
        if (dry != null) {
            if (!dry.isBoolean()) {
                throw new InvalidRedriveRequestException("dryRun must be true or false, was " + dry);
            }
            dryRun = dry.booleanValue();
        }
        ReasonCode reasonCode = null;
        JsonNode code = present(tree, "reasonCode");
        if (code != null) {
            if (!code.isTextual()) {
                throw new InvalidRedriveRequestException("reasonCode must be a string, was " + code);
            }
            try {
                reasonCode = ReasonCode.valueOf(code.textValue().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRedriveRequestException("reasonCode '" + code.textValue()
                        + "' is not a reason code (one of " + Arrays.toString(ReasonCode.values()) + ")");
            }
        }
        String prefix = null;
        JsonNode prefixNode = present(tree, "sourceKeyPrefix");
        if (prefixNode != null) {
            if (!prefixNode.isTextual()) {
                throw new InvalidRedriveRequestException("sourceKeyPrefix must be a string, was " + prefixNode);
            }
            prefix = prefixNode.textValue();
        }
        return new RedriveRequest(maxMessages, dryRun, reasonCode, prefix, budget);
    }

    private static Optional<Integer> wholeNumber(JsonNode tree, String field) {
        JsonNode node = present(tree, field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidRedriveRequestException(field + " must be a whole number, was " + node);
        }
        return Optional.of(node.intValue());
    }

    private static JsonNode present(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
