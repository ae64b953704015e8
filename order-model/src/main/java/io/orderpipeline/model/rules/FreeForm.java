package io.orderpipeline.model.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;

import java.math.BigDecimal;
import java.util.Map;

/** The rule for free-form JSON (shippingAddress, attributes): it must be storable as DynamoDB attribute values. */
final class FreeForm {

    /** DynamoDB nests at most 32 levels; the item itself and the attribute's map take one each. */
    static final int MAX_DEPTH = 30;
    private static final int RAW_TEXT_IN_MESSAGES = 256;

    private FreeForm() {
    }

    /** Whether DynamoDB can store the value (no paths built: the common case). */
    static boolean isStorable(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (node.isNumber()) {
            return isStorableNumber(node.decimalValue());
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (!isStorable(child, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The first value DynamoDB cannot store (MALFORMED_RECORD), or null. */
    static Violation firstUnstorable(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            return new Violation(ReasonCode.MALFORMED_RECORD, path,
                    "value nested deeper than " + MAX_DEPTH + " levels cannot be stored");
        }
        if (node.isNumber()) {
            return isStorableNumber(node.decimalValue()) ? null
                    : new Violation(ReasonCode.MALFORMED_RECORD, path, "number "
                    + Json.abbreviate(node.toString(), RAW_TEXT_IN_MESSAGES)
                    + " cannot be stored (DynamoDB numbers: up to 38 digits, magnitude 1E-130 to 1E+125)");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Violation problem = firstUnstorable(e.getValue(), childPath(path, e.getKey()), depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Violation problem = firstUnstorable(node.get(i), path + "[" + i + "]", depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** DynamoDB numbers: up to 38 significant digits, magnitude between 1E-130 and 1E+125 (or zero). */
    static boolean isStorableNumber(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        int precision = value.precision();
        if (precision > 38) {
            BigDecimal stripped = value.stripTrailingZeros();
            if (stripped.precision() > 38) {
                return false;
            }
        }
        long adjustedExponent = (long) precision - value.scale() - 1;
        return adjustedExponent >= -130 && adjustedExponent <= 125;
    }

    private static String childPath(String path, String key) {
        return Identifiers.isValid(key) && key.indexOf('.') < 0 ? path + "." + key
                : path + "['" + key.replace("'", "\\'") + "']";
    }
}
