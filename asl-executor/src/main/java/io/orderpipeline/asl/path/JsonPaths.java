package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.orderpipeline.asl.spi.ErrorNames;
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
     * Checks a path as a state's JSONPath fields may hold it: the input ({@code $…}), the context object
     * ({@code $$…}) or a workflow variable ({@code $name…}).
     *
     * @throws IllegalArgumentException when the path is not valid
     */
    public static void validateReference(String path) {
        if (path != null && path.startsWith("$$")) {
            validate(path.substring(1));
            return;
        }
        VariableReference variable = VariableReference.parse(path);
        if (variable != null) {
            if (variable.pathInValue() != null) {
                validate(variable.pathInValue());
            }
            return;
        }
        validate(path);
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
        JsonPath compiled = compile(path);
        try {
            return Json.toNode(compiled.read(root, CONFIGURATION));
        } catch (PathNotFoundException e) {
            if (!compiled.isDefinite()) {
                // a wildcard, slice or filter that matches nothing is an empty array on AWS, not an error
                // (AWS-recorded: test_base.test_json_path_array_wildcard_or_slice_with_no_input)
                return Json.NODES.arrayNode();
            }
            throw notFound(root, path);
        } catch (JsonPathException | IllegalArgumentException e) {
            throw notFound(root, path);
        }
    }

    private static StatesError notFound(JsonNode root, String path) {
        return new StatesError(ErrorNames.RUNTIME,
                "The JSONPath '" + path + "' could not be found in the input '" + abbreviate(Json.write(root)) + "'");
    }

    private static JsonPath compile(String path) {
        try {
            return COMPILED.computeIfAbsent(path, text -> JsonPath.compile(literalBracketKeys(text)));
        } catch (JsonPathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a valid JSONPath: " + e.getMessage(), e);
        }
    }

    /**
     * In a quoted bracket key ({@code ['…']} or {@code ["…"]}) AWS reads a backslash literally, except before the
     * enclosing quote or another backslash: {@code $['Test\""Name"']} addresses the key {@code Test\""Name"}
     * (AWS-recorded: test_base_scenarios.test_escape_sequence_parsing.ESCAPE_SEQUENCES_JSONPATH). Jayway unescapes
     * every backslash, so such a backslash is doubled for it.
     */
    static String literalBracketKeys(String path) {
        var out = new StringBuilder(path.length());
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote == 0) {
                if ((c == '\'' || c == '"') && i > 0 && (path.charAt(i - 1) == '[' || path.charAt(i - 1) == ',')) {
                    quote = c;
                }
                out.append(c);
            } else if (c == '\\') {
                char next = i + 1 < path.length() ? path.charAt(i + 1) : 0;
                if (next == quote || next == '\\') {
                    out.append(c).append(next);
                    i++;
                } else {
                    out.append("\\\\");
                }
            } else {
                if (c == quote) {
                    quote = 0;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    static String abbreviate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "…";
    }
}
