package io.orderpipeline.asl.intrinsics;

import java.util.ArrayList;
import java.util.List;

/**
 * The first argument of {@code States.Format}, split at its {@code {}} placeholders. In a string literal,
 * {@code \{} and {@code \}} are literal braces; a template read from a path has no escapes.
 */
record FormatTemplate(List<String> literalParts) {

    static FormatTemplate fromLiteralSource(String source) {
        var parts = new ArrayList<String>();
        var current = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                current.append(source.charAt(++i));
            } else if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                parts.add(current.toString());
                current.setLength(0);
                i++;
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return new FormatTemplate(List.copyOf(parts));
    }

    static FormatTemplate fromText(String text) {
        return new FormatTemplate(List.of(text.split("\\{}", -1)));
    }

    int placeholders() {
        return literalParts.size() - 1;
    }

    String fill(List<String> values) {
        var out = new StringBuilder(literalParts.getFirst());
        for (int i = 0; i < values.size(); i++) {
            out.append(values.get(i)).append(literalParts.get(i + 1));
        }
        return out.toString();
    }
}
