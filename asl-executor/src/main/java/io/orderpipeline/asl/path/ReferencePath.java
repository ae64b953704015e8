package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference path as {@code ResultPath} uses it: a single node addressed by field names and array indexes, no
 * wildcards or filters ({@code $}, {@code $.a.b}, {@code $['a b'].c}, {@code $.list[0]}).
 * Setting a value never changes the given input: the objects along the path are copied (children are shared).
 */
public final class ReferencePath {

    private static final Pattern SEGMENT = Pattern.compile(
            "\\.([^.\\[\\]]+)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[\"((?:[^\"\\\\]|\\\\.)*)\"\\]|\\[(\\d+)\\]");

    private final String text;
    private final List<Object> segments; // String field names or Integer indexes

    private ReferencePath(String text, List<Object> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** @throws IllegalArgumentException when {@code text} is not a reference path */
    public static ReferencePath parse(String text) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            throw new IllegalArgumentException("'" + text + "' is not a reference path (it must start with '$')");
        }
        var segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(text);
        int at = 1;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a reference path: only field names and "
                        + "array indexes are allowed (no wildcards, filters or slices)");
            }
            if (m.group(1) != null) {
                if (m.group(1).equals("*")) {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path: wildcards are not allowed");
                }
                segments.add(m.group(1));
            } else if (m.group(2) != null) {
                segments.add(m.group(2));
            } else if (m.group(3) != null) {
                segments.add(m.group(3));
            } else {
                segments.add(Integer.parseInt(m.group(4)));
            }
            at = m.end();
        }
        return new ReferencePath(text, List.copyOf(segments));
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Places {@code value} into (a copy of) {@code target} at this path, creating missing objects on the way.
     *
     * @throws StatesError {@code States.ResultPathMatchFailure} when the path runs through a non-object value
     */
    public JsonNode set(JsonNode target, JsonNode value) throws StatesError {
        if (segments.isEmpty()) {
            return value;
        }
        return setAt(target, 0, value);
    }

    private JsonNode setAt(JsonNode node, int depth, JsonNode value) {
        Object segment = segments.get(depth);
        boolean last = depth == segments.size() - 1;
        if (segment instanceof String field) {
            if (node != null && !node.isObject() && !node.isMissingNode()) {
                throw mismatch(node);
            }
            ObjectNode copy = Json.NODES.objectNode();
            if (node != null && node.isObject()) {
                copy.setAll((ObjectNode) node);
            }
            copy.set(field, last ? value : setAt(copy.get(field), depth + 1, value));
            return copy;
        }
        int index = (Integer) segment;
        if (node == null || !node.isArray() || index >= node.size()) {
            throw mismatch(node);
        }
        ArrayNode copy = ((ArrayNode) node).deepCopy();
        copy.set(index, last ? value : setAt(node.get(index), depth + 1, value));
        return copy;
    }

    private StatesError mismatch(JsonNode node) {
        return new StatesError(ErrorNames.RESULT_PATH_MATCH_FAILURE, "Unable to apply ReferencePath " + text
                + " to input '" + JsonPaths.abbreviate(Json.write(node)) + "'");
    }
}
