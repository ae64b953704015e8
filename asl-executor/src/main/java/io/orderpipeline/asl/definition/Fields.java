package io.orderpipeline.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.expr.JsonPathTemplate;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.Literal;
import io.orderpipeline.asl.expr.PathValue;
import io.orderpipeline.asl.expr.QueryLanguage;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.path.JsonPaths;
import io.orderpipeline.asl.expr.PayloadTemplate;
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
    private final QueryLanguage language;
    private final Set<String> read = new HashSet<>();

    /** The fields of a JSONPath object. */
    public Fields(String where, JsonNode node) {
        this(where, node, QueryLanguage.JSONPATH);
    }

    /** @param language the query language of the state the object belongs to */
    public Fields(String where, JsonNode node, QueryLanguage language) {
        this.where = where;
        this.language = language;
        if (node == null || !node.isObject()) {
            throw new AslDefinitionException(where + ": must be a JSON object");
        }
        this.node = (ObjectNode) node;
    }

    /** The fields of a nested object of the same state (Retry, Catch, ItemReader, …), in the same query language. */
    public Fields nested(String nestedWhere, JsonNode nestedNode) {
        return new Fields(nestedWhere, nestedNode, language);
    }

    public String where() {
        return where;
    }

    public QueryLanguage language() {
        return language;
    }

    public boolean jsonata() {
        return language == QueryLanguage.JSONATA;
    }

    /** The whole object (all its fields count as read: the caller checks them). */
    public JsonNode nodeAsJson() {
        node.fieldNames().forEachRemaining(read::add);
        return node;
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

    /**
     * A field that is a JSONata template in a JSONata state ({@code Output}, {@code Arguments}, {@code Items}, …): any
     * JSON, with {@code "{% … %}"} strings evaluated. Null when absent.
     */
    public JsonataTemplate jsonataTemplate(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        try {
            return JsonataTemplate.of(value, field);
        } catch (IllegalArgumentException e) {
            throw error("field '" + field + "': " + e.getMessage());
        }
    }

    /**
     * A payload template in the state's language: JSONPath {@code .$} fields, or JSONata {@code {% %}} values. Null
     * when absent.
     */
    public ValueSource payload(String field) {
        if (jsonata()) {
            return jsonataTemplate(field);
        }
        PayloadTemplate template = template(field);
        return template == null ? null : new JsonPathTemplate(template);
    }

    /**
     * A whole number field that JSONPath can also take from a path ({@code field} or {@code pathField}) and JSONata
     * from an expression ({@code "{% … %}"}). Null when absent; a literal must lie in [min, max].
     */
    public ValueSource count(String field, String pathField, long min, long max) {
        JsonataTemplate expression = jsonataExpression(field, pathField);
        if (expression != null) {
            return expression;
        }
        Long literal = integer(field, min, max);
        String path = pathField == null || jsonata() ? null : path(pathField);
        if (literal != null && path != null) {
            throw error("has both '" + field + "' and '" + pathField + "'");
        }
        return literal != null ? new Literal(Json.NODES.numberNode(literal))
                : path != null ? new PathValue(path) : null;
    }

    /**
     * In a JSONata state: the field as an expression when it is written {@code "{% … %}"} (else null: a literal or
     * absent); its JSONPath {@code …Path} twin is an error there.
     */
    private JsonataTemplate jsonataExpression(String field, String pathField) {
        if (!jsonata()) {
            return null;
        }
        if (pathField != null && has(pathField)) {
            throw error("field '" + pathField + "' is a JSONPath field; in JSONata use '" + field
                    + "' with a {% %} expression");
        }
        return JsonataTemplate.isExpression(node.get(field)) ? jsonataTemplate(field) : null;
    }

    /** Like {@link #count}, for a number that may have a fraction (ToleratedFailurePercentage). */
    public ValueSource decimal(String field, String pathField, double min, double max) {
        JsonataTemplate expression = jsonataExpression(field, pathField);
        if (expression != null) {
            return expression;
        }
        Double literal = number(field, min, max);
        String path = pathField == null || jsonata() ? null : path(pathField);
        if (literal != null && path != null) {
            throw error("has both '" + field + "' and '" + pathField + "'");
        }
        return literal != null ? new Literal(raw(field)) : path != null ? new PathValue(path) : null;
    }

    /** In a JSONata state, the JSONPath-only fields are an error (AWS rejects such definitions). */
    public void rejectInJsonata(String... jsonPathFields) {
        if (!jsonata()) {
            return;
        }
        for (String field : jsonPathFields) {
            if (node.has(field)) {
                throw error("field '" + field + "' is not allowed in a JSONata state (use Arguments, Output, Items"
                        + " or {% %} expressions)");
            }
        }
    }

    /** In a JSONPath state, the JSONata-only fields are an error. */
    public void rejectInJsonPath(String... jsonataFields) {
        if (jsonata()) {
            return;
        }
        for (String field : jsonataFields) {
            if (node.has(field)) {
                throw error("field '" + field + "' is only allowed with QueryLanguage JSONata");
            }
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
