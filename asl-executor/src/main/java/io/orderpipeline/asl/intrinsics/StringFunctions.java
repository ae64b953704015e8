package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.UUID;

/** {@code States.Format}, {@code States.StringSplit} and {@code States.UUID}. */
final class StringFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StringFunctions() {
    }

    static JsonNode format(FormatTemplate template, Arguments values) {
        if (template.placeholders() != values.size()) {
            throw values.failure("has " + template.placeholders() + " placeholder(s) '{}' in its template but "
                    + values.size() + " value argument(s).");
        }
        List<String> texts = values.values().stream().map(JsonValues::formatText).toList();
        return NODES.textNode(template.fill(texts));
    }

    /** Splits at any of the delimiter characters and drops empty pieces (",,a," gives ["a"]). */
    static JsonNode split(Arguments args) {
        args.expectCount(2);
        var text = args.string(0);
        var delimiters = args.string(1);
        var result = NODES.arrayNode();
        var current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                addIfNotEmpty(result, current);
            } else {
                current.append(c);
            }
        }
        addIfNotEmpty(result, current);
        return result;
    }

    static JsonNode uuid(Arguments args) {
        args.expectCount(0);
        return NODES.textNode(UUID.randomUUID().toString());
    }

    private static void addIfNotEmpty(ArrayNode result, StringBuilder piece) {
        if (!piece.isEmpty()) {
            result.add(piece.toString());
            piece.setLength(0);
        }
    }
}
