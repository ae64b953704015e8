package io.orderpipeline.asl.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.StatesError;
import java.util.regex.Pattern;

/**
 * A test-only {@link PathResolver} for plain paths such as {@code $.a.b[0]} or {@code $$.Execution.Name}: field names
 * and array indexes, nothing else. Lets the intrinsic and Choice tests run without the executor's JSONPath engine.
 */
public final class SimplePaths implements PathResolver {

    private static final ObjectMapper JSON = io.orderpipeline.asl.path.Json.MAPPER;
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)]");

    private final JsonNode input;
    private final JsonNode context;

    private SimplePaths(JsonNode input, JsonNode context) {
        this.input = input;
        this.context = context;
    }

    public static SimplePaths over(String inputJson) {
        return over(json(inputJson), NullNode.getInstance());
    }

    public static SimplePaths over(JsonNode input, JsonNode context) {
        return new SimplePaths(input, context);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public JsonNode resolve(String path) {
        JsonNode current;
        String rest;
        if (path.startsWith("$$")) {
            current = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            current = input;
            rest = path.substring(1);
        } else {
            throw new IllegalArgumentException("not a path: " + path);
        }
        var m = STEP.matcher(rest);
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unsupported path: " + path);
            }
            current = m.group(1) != null ? current.get(m.group(1)) : current.get(Integer.parseInt(m.group(2)));
            if (current == null) {
                throw new StatesError("States.Runtime", "The JSONPath '" + path + "' could not be found in the input.");
            }
            at = m.end();
        }
        return current;
    }
}
