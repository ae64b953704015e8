package io.orderpipeline.asl.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSONata expression of a definition (the text between {@code {%} and {@code %}}), compiled once. This class and
 * its package are the one place the executor uses a JSONata implementation ({@code com.dashjoin:jsonata}, a Java port
 * of the JSONata reference implementation); nothing else imports it.
 * <p>
 * Evaluation binds {@code $states} (input, context, and where they exist result and errorOutput) and the workflow
 * variables the expression names, plus the functions Step Functions adds to JSONata ({@link StepFunctionsFunctions}).
 * Numbers keep their exact text when an expression passes them through unchanged; arithmetic is JSONata's (doubles).
 */
public final class JsonataExpression {

    private static final Pattern VARIABLE = Pattern.compile("\\$([\\p{L}_][\\p{L}\\p{N}_]*)");

    private final String text;
    private final Jsonata compiled;
    private final Set<String> references;

    private JsonataExpression(String text, Jsonata compiled, Set<String> references) {
        this.text = text;
        this.compiled = compiled;
        this.references = references;
    }

    /**
     * @param text the expression, without the {@code {% %}} delimiters
     * @throws IllegalArgumentException when it is not valid JSONata
     */
    public static JsonataExpression compile(String text) {
        Jsonata compiled;
        try {
            // Wrapped in an object constructor, so "returned nothing" (undefined, no "v") can be told from null.
            compiled = Jsonata.jsonata("{\"v\": (" + text + "\n)}");
        } catch (JException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid JSONata expression: " + message(e), e);
        }
        StepFunctionsFunctions.register(compiled);
        var references = new LinkedHashSet<String>();
        Matcher names = VARIABLE.matcher(text);
        while (names.find()) {
            references.add(names.group(1));
        }
        return new JsonataExpression(text, compiled, Set.copyOf(references));
    }

    public String text() {
        return text;
    }

    /**
     * @param states    the value of {@code $states}
     * @param variables the variables in scope (only those the expression names are bound)
     * @return the value, or empty when the expression returned nothing (undefined)
     * @throws JsonataEvaluationException when evaluation fails or returns something that is not JSON (a function)
     */
    public Optional<JsonNode> evaluate(JsonNode states, Map<String, JsonNode> variables) {
        var values = new JavaValues();
        var frame = compiled.createFrame();
        frame.bind("states", values.toJava(states));
        for (String name : references) {
            JsonNode value = variables.get(name);
            if (value != null && !name.equals("states")) {
                frame.bind(name, values.toJava(value));
            }
        }
        Object result;
        try (var active = values.activate()) {
            result = compiled.evaluate(null, frame);
        } catch (JsonataEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            // the implementation may wrap a Step Functions function's failure
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonataEvaluationException failure) {
                    throw failure;
                }
            }
            throw new JsonataEvaluationException(message(e), e);
        }
        if (!(result instanceof Map<?, ?> wrapper) || !wrapper.containsKey("v")) {
            return Optional.empty();
        }
        return Optional.of(values.toJson(wrapper.get("v")));
    }

    static String message(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replace("\n)}", "");
    }
}
