package io.orderpipeline.infra;

import java.util.List;
import java.util.Map;

/** Small casts and lookups over the maps and lists SnakeYAML returns. */
final class Yamls {

    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError("expected a mapping but found " + value);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        return List.of(value); // IAM allows a single string where a list is expected
    }

    /** The value at a path of mapping keys, or null when any step is missing. */
    static Object at(Object start, String... keys) {
        Object current = start;
        for (var key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
