package io.orderpipeline.asl.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.intrinsics.Intrinsics;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.path.JsonPaths;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.Map;

/**
 * A JSONPath payload template ({@code Parameters}, {@code ItemSelector}, {@code ResultSelector}, {@code BatchInput},
 * ItemReader / ResultWriter {@code Parameters}): fields whose name ends in {@code .$} are replaced by the value of
 * their path, context path ({@code $$…}) or intrinsic function; everything else is copied as is, at any depth.
 */
public final class PayloadTemplate {

    private final JsonNode template;

    private PayloadTemplate(JsonNode template) {
        this.template = template;
    }

    /**
     * @param where names the field for error messages, e.g. {@code "State 'Foo': Parameters"}
     * @throws IllegalArgumentException when a {@code .$} field does not hold a path or intrinsic call
     */
    public static PayloadTemplate of(JsonNode template, String where) {
        check(template, where);
        return new PayloadTemplate(template);
    }

    private static void check(JsonNode node, String where) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().endsWith(".$")) {
                    JsonNode value = field.getValue();
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException(where + ": the value of '" + field.getKey()
                                + "' must be a string holding a path or an intrinsic function");
                    }
                    String expression = value.asText();
                    if (Intrinsics.isIntrinsic(expression)) {
                        try {
                            Intrinsics.validate(expression);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(where + ": field '" + field.getKey() + "': " + e.getMessage(), e);
                        }
                    } else {
                        try {
                            JsonPaths.validateReference(expression);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(where + ": field '" + field.getKey() + "': " + e.getMessage(), e);
                        }
                    }
                } else {
                    check(field.getValue(), where);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> check(element, where));
        }
    }

    public JsonNode template() {
        return template;
    }

    /**
     * @throws StatesError {@code States.Runtime} when a path matches nothing: the ASL spec names
     *                     {@code States.ParameterPathFailure}, but AWS (and Step Functions Local) report States.Runtime
     */
    public JsonNode evaluate(PathResolver paths) throws StatesError {
        return evaluate(template, paths);
    }

    private static JsonNode evaluate(JsonNode node, PathResolver paths) {
        if (node.isObject()) {
            ObjectNode out = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                if (key.endsWith(".$")) {
                    out.set(key.substring(0, key.length() - 2), resolve(key, field.getValue().asText(), paths));
                } else {
                    out.set(key, evaluate(field.getValue(), paths));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.NODES.arrayNode(node.size());
            node.forEach(element -> out.add(evaluate(element, paths)));
            return out;
        }
        return node;
    }

    private static JsonNode resolve(String key, String expression, PathResolver paths) {
        if (Intrinsics.isIntrinsic(expression)) {
            return Intrinsics.evaluate(expression, paths);
        }
        try {
            return paths.resolve(expression);
        } catch (StatesError e) {
            // keep the resolver's view of the input ("… in the input '{…}'"), as AWS's message shows it
            String detail = e.cause() == null ? "" : e.cause();
            int at = detail.indexOf(" in the input ");
            throw new StatesError(ErrorNames.RUNTIME, "The JSONPath '" + expression
                    + "' specified for the field '" + key + "' could not be found in the input"
                    + (at >= 0 ? detail.substring(at + " in the input".length()) : ""));
        }
    }
}
