package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/** JSON value helpers shared by the intrinsic functions. */
final class JsonValues {

    /** Numbers compare by value (1 equals 1.0), everything else structurally. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(BY_VALUE, b);
    }

    /**
     * The text {@code States.Format} substitutes for a value. Step Functions renders strings raw and containers the
     * way Java's collections print themselves: {@code {Arg1=1, Arg2=[]}}, {@code [a, b]}.
     */
    static String formatText(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isArray()) {
            var out = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(formatText(value.get(i)));
            }
            return out.append(']').toString();
        }
        if (value.isObject()) {
            var out = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
            while (fields.hasNext()) {
                var field = fields.next();
                out.append(field.getKey()).append('=').append(formatText(field.getValue()));
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append('}').toString();
        }
        return value.toString();
    }
}
