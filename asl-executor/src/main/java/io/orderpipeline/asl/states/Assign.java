package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.JsonPathTemplate;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.QueryLanguage;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.PayloadTemplate;
import io.orderpipeline.asl.path.VariableReference;
import io.orderpipeline.asl.spi.StatesError;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A state's, Choice rule's or Catcher's {@code Assign}: variable names and their values
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). In JSONPath a name ending in
 * {@code .$} takes the value of a path ({@code $} is the state's result — or, in a Catcher, its error output; or, in a
 * Choice or Wait state, its input —, {@code $$} the context object, {@code $name} another variable) or of an intrinsic
 * function; anything else is a literal, at any depth. In JSONata every value may hold {@code {% %}} expressions over
 * {@code $states} and the variables. Every value is computed with the variables as they were when the state was
 * entered; the new values take effect after the state's output is computed, so they are seen from the next state on.
 */
public final class Assign {

    /** No Assign field. */
    public static final Assign NONE = new Assign(null, Set.of());

    /** AWS limits a variable name to 80 characters. */
    public static final int MAX_NAME_LENGTH = 80;

    private final ValueSource template;
    private final Set<String> names;

    private Assign(ValueSource template, Set<String> names) {
        this.template = template;
        this.names = names;
    }

    /** The {@code Assign} field of {@code fields}, or {@link #NONE}. */
    public static Assign from(Fields fields) {
        return of(fields.raw("Assign"), fields.where(), fields.language());
    }

    /**
     * @param json  the value of an {@code Assign} field (null when absent)
     * @param where names the owner for error messages, e.g. {@code "State 'Foo'"}
     */
    public static Assign of(JsonNode json, String where, QueryLanguage language) {
        if (json == null) {
            return NONE;
        }
        if (!json.isObject()) {
            throw new AslDefinitionException(where + ": field 'Assign' must be a JSON object");
        }
        var names = new LinkedHashSet<String>();
        for (var field : json.properties()) {
            String key = field.getKey();
            String name = language == QueryLanguage.JSONPATH && key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (!VariableReference.isValidName(name) || name.length() > MAX_NAME_LENGTH) {
                throw new AslDefinitionException(where + ": Assign: '" + name + "' is not a valid variable name (a "
                        + "letter or '_' first, then letters, digits or '_', at most " + MAX_NAME_LENGTH + " characters)");
            }
            if (name.equals("states")) {
                throw new AslDefinitionException(where + ": Assign: 'states' is reserved ($states) and cannot be assigned");
            }
            if (!names.add(name)) {
                throw new AslDefinitionException(where + ": Assign: the variable '" + name + "' is assigned twice");
            }
        }
        try {
            ValueSource template = language == QueryLanguage.JSONATA ? JsonataTemplate.of(json, "Assign")
                    : new JsonPathTemplate(PayloadTemplate.of(json, where + ": Assign"));
            return new Assign(template, Set.copyOf(names));
        } catch (IllegalArgumentException e) {
            throw new AslDefinitionException(where + ": " + e.getMessage(), e);
        }
    }

    /** The variables this Assign sets. */
    public Set<String> names() {
        return names;
    }

    /**
     * The new values, computed now with the current variables; they are applied with
     * {@link io.orderpipeline.asl.engine.Variables#assign}.
     *
     * @param scope JSONPath's {@code $} is its document (the state's result, error output or input); JSONata reads
     *              {@code $states}
     */
    public Map<String, JsonNode> evaluate(Scope scope) throws StatesError {
        if (template == null) {
            return Map.of();
        }
        var values = new LinkedHashMap<String, JsonNode>();
        template.evaluate(scope).properties().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
        return values;
    }
}
