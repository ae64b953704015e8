package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.orderpipeline.asl.spi.StatesError;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath evaluation (Jayway JsonPath over Jackson trees). Compiled paths are cached: definitions use a handful
 * of paths millions of times.
 */
public final class JsonPaths {

    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    /** @throws IllegalArgumentException when the path is not valid JSONPath */
    public static void validate(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("'" + path + "' is not a JSONPath (it must start with '$')");
        }
        compile(path);
    }

    /**
     * Evaluates {@code path} (starting with a single {@code $}) against {@code root}.
     *
     * @throws StatesError {@code States.Runtime} when the path matches nothing
     */
    public static JsonNode read(JsonNode root, String path) throws StatesError {
        if ("$".equals(path)) {
            return root;
        }
        try {
            return Json.toNode(compile(path).read(root, CONFIGURATION));
        } catch (JsonPathException | IllegalArgumentException e) {
            throw new StatesError("States.Runtime",
                    "The JSONPath '" + path + "' could not be found in the input '" + abbreviate(Json.write(root)) + "'");
        }
    }

    private static JsonPath compile(String path) {
        try {
            return COMPILED.computeIfAbsent(path, JsonPath::compile);
        } catch (JsonPathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a valid JSONPath: " + e.getMessage(), e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "…";
    }
}
