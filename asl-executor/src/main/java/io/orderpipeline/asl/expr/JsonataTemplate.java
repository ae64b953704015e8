package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.jsonata.JsonataEvaluationException;
import io.orderpipeline.asl.jsonata.JsonataExpression;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSONata field value (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): any JSON,
 * where a string written {@code "{% expression %}"} — the whole string, as a field's value, an object member's value
 * or an array element, at any depth — is replaced by the expression's value; everything else is copied as is.
 * An expression that fails, or returns nothing (undefined), fails the state with
 * {@code States.QueryEvaluationError}, naming the expression and the field as AWS does
 * ({@code The JSONata expression '…' specified for the field 'Arguments/Input/x' returned nothing (undefined).}).
 */
public final class JsonataTemplate implements ValueSource {

    private sealed interface Part permits Constant, Expression, ObjectPart, ArrayPart {
    }

    private record Constant(JsonNode value) implements Part {
    }

    private record Expression(JsonataExpression expression, String field) implements Part {
    }

    private record ObjectPart(Map<String, Part> members) implements Part {
    }

    private record ArrayPart(List<Part> elements) implements Part {
    }

    private final JsonNode source;
    private final Part root;

    private JsonataTemplate(JsonNode source, Part root) {
        this.source = source;
        this.root = root;
    }

    /**
     * @param field the field's name for messages, e.g. {@code Output} or {@code Arguments}
     * @throws IllegalArgumentException when an expression is not valid JSONata (the definition is invalid)
     */
    public static JsonataTemplate of(JsonNode value, String field) {
        return new JsonataTemplate(value, compile(value, field));
    }

    /** Whether {@code value} is a string written as a JSONata expression, {@code "{% … %}"}. */
    public static boolean isExpression(JsonNode value) {
        return value != null && value.isTextual() && isExpression(value.textValue());
    }

    static boolean isExpression(String text) {
        return text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
    }

    /** Whether the value holds no expression anywhere (it is a literal). */
    public boolean isConstant() {
        return root instanceof Constant;
    }

    private static Part compile(JsonNode value, String field) {
        if (isExpression(value)) {
            String text = value.textValue();
            try {
                return new Expression(JsonataExpression.compile(text.substring(2, text.length() - 2).strip()), field);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("at '" + field + "': " + e.getMessage(), e);
            }
        }
        if (value.isObject()) {
            var members = new LinkedHashMap<String, Part>();
            boolean constant = true;
            for (var member : value.properties()) {
                Part part = compile(member.getValue(), field + "/" + member.getKey());
                constant &= part instanceof Constant;
                members.put(member.getKey(), part);
            }
            return constant ? new Constant(value) : new ObjectPart(members);
        }
        if (value.isArray()) {
            var elements = new ArrayList<Part>();
            boolean constant = true;
            for (int i = 0; i < value.size(); i++) {
                Part part = compile(value.get(i), field + "/" + i);
                constant &= part instanceof Constant;
                elements.add(part);
            }
            return constant ? new Constant(value) : new ArrayPart(elements);
        }
        return new Constant(value);
    }

    @Override
    public JsonNode evaluate(Scope scope) throws StatesError {
        return evaluate(root, new Bindings(scope));
    }

    /** {@code $states} and the variables, built once per evaluation of the whole template. */
    private static final class Bindings {
        private final Scope scope;
        private JsonNode states;
        private Map<String, JsonNode> variables;

        Bindings(Scope scope) {
            this.scope = scope;
        }

        JsonNode states() {
            if (states == null) {
                states = scope.states();
            }
            return states;
        }

        Map<String, JsonNode> variables() {
            if (variables == null) {
                variables = scope.variables().visible();
            }
            return variables;
        }
    }

    private static JsonNode evaluate(Part part, Bindings bindings) {
        return switch (part) {
            case Constant constant -> constant.value();
            case Expression expression -> evaluate(expression, bindings);
            case ObjectPart object -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                object.members().forEach((name, member) -> out.set(name, evaluate(member, bindings)));
                yield out;
            }
            case ArrayPart array -> {
                ArrayNode out = JsonNodeFactory.instance.arrayNode(array.elements().size());
                array.elements().forEach(element -> out.add(evaluate(element, bindings)));
                yield out;
            }
        };
    }

    private static JsonNode evaluate(Expression part, Bindings bindings) {
        String text = part.expression().text();
        try {
            return part.expression().evaluate(bindings.states(), bindings.variables())
                    .orElseThrow(() -> new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '"
                            + text + "' specified for the field '" + part.field() + "' returned nothing (undefined)."));
        } catch (JsonataEvaluationException e) {
            throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                    + "' specified for the field '" + part.field() + "' failed to evaluate: " + e.getMessage());
        }
    }

    /** The expression text when the whole value is one expression, else the JSON as written. */
    @Override
    public String describe() {
        return root instanceof Expression expression ? expression.expression().text() : Json.write(source);
    }
}
