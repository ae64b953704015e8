package io.orderpipeline.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** Equality of parsed JSON documents for our own cases: numbers by value, strings exactly, no placeholders. */
final class JsonComparison {

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonComparison() {
    }

    static boolean sameDocument(JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        return expected.equals(NUMBERS_BY_VALUE, actual);
    }
}
