package io.orderpipeline.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.AslDefinitionException;
import io.orderpipeline.asl.path.JsonPaths;
import io.orderpipeline.asl.path.PayloadTemplate;
import io.orderpipeline.asl.path.ReferencePath;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Typed, checked access to the fields of one JSON object of a definition. Every field read is remembered, so
 * {@link #done()} can reject the fields nobody asked for; errors name the field and where it is.
 */
public final class Fields {

    private final String where;
    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();

    public Fields(String where, JsonNode node) {
        this.where = where;
        if (node == null || !node.isObject()) {
            throw new AslDefinitionException(where + ": must be a JSON object");
        }
        this.node = (ObjectNode) node;
    }

    public String where() {
        return where;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** The raw value, or null when absent. */
    public JsonNode raw(String field) {
        read.add(field);
        return node.get(field);
    }

    public String string(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw error("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    public String requiredString(String field) {
        String value = string(field);
        if (value == null) {
            throw error("field '" + field + "' is required");
        }
        return value;
    }

    /** A non-negative integer, or null when absent. */
    public Long integer(String field, long min, long max) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
            throw error("field '" + field + "' must be an integer between " + min + " and " + max);
        }
        return value.asLong();
    }

    public Double number(String field, double min, double max) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw error("field '" + field + "' must be a number between " + min + " and " + max);
        }
        return value.asDouble();
    }

    public boolean bool(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw error("field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    public ObjectNode object(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw error("field '" + field + "' must be a JSON object");
        }
        return (ObjectNode) value;
    }

    public ArrayNode array(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw error("field '" + field + "' must be a JSON array");
        }
        return (ArrayNode) value;
    }

    /** A JSONPath field: absent means {@code "$"}; JSON null gives null (InputPath/OutputPath null: use {@code {}}). */
    public String pathOrDefault(String field) {
        if (!node.has(field)) {
            read.add(field);
            return "$";
        }
        if (raw(field).isNull()) {
            return null;
        }
        return path(field);
    }

    /** A JSONPath field (the input, a {@code $$} context path or a {@code $variable}), null when absent. */
    public String path(String field) {
        String value = string(field);
        if (value != null) {
            try {
                JsonPaths.validateReference(value);
            } catch (IllegalArgumentException e) {
                throw error("field '" + field + "': " + e.getMessage());
            }
        }
        return value;
    }

    /** ResultPath-style field: absent means {@code $}, JSON null gives null (discard). */
    public ReferencePath referencePathOrDefault(String field) {
        if (!node.has(field)) {
            read.add(field);
            return ReferencePath.parse("$");
        }
        if (raw(field).isNull()) {
            return null;
        }
        try {
            return ReferencePath.parse(string(field));
        } catch (IllegalArgumentException e) {
            throw error("field '" + field + "': " + e.getMessage());
        }
    }

    public PayloadTemplate template(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw error("field '" + field + "' must be a JSON object");
        }
        try {
            return PayloadTemplate.of(value, where + ": " + field);
        } catch (IllegalArgumentException e) {
            throw new AslDefinitionException(e.getMessage(), e);
        }
    }

    /** Fails loudly when any of these (known, but unsupported) fields is present. */
    public void unsupported(String reason, String... fields) {
        for (String field : fields) {
            if (node.has(field)) {
                throw error("field '" + field + "' is not supported by this executor (" + reason + ")");
            }
        }
    }

    /** Fails on any field that was not read. */
    public void done() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw error("unknown field '" + name + "'");
            }
        }
    }

    public AslDefinitionException error(String message) {
        return new AslDefinitionException(where + ": " + message);
    }
}
