package io.orderpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderpipeline.asl.expr.PayloadTemplate;
import io.orderpipeline.asl.path.StatePaths;

/** statemachine/order-pipeline.asl.json: its raw text (for placeholders) and its states, nested ones included. */
final class AslDefinition {

    static final String PATH = "statemachine/order-pipeline.asl.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A state and the scope (the States object) it belongs to; {@code parent} is the enclosing Map state or null. */
    record State(String name, JsonNode body, JsonNode scope, String parent) {
        String type() {
            return body.path("Type").asText();
        }
    }

    private final String text;
    private final JsonNode root;

    private AslDefinition(String text) throws IOException {
        this.text = text;
        this.root = JSON.readTree(text);
    }

    static AslDefinition load() {
        return load(ProjectFiles.resolve(PATH));
    }

    static AslDefinition load(Path file) {
        try {
            return new AslDefinition(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    JsonNode root() {
        return root;
    }

    Set<String> placeholders() {
        var names = new TreeSet<String>();
        var m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The definition with each {@code ${Name}} replaced, as CloudFormation does with DefinitionSubstitutions. */
    String substituted(Map<String, String> values) {
        var m = PLACEHOLDER.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError("no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    List<State> allStates() {
        var states = new ArrayList<State>();
        collect(root, null, states);
        return states;
    }

    State state(String name) {
        return allStates().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the ASL has no state " + name));
    }

    /**
     * A payload template ({@code Parameters}, {@code ResultSelector}, …) evaluated as Step Functions does, by the
     * project's ASL executor: {@code $} is {@code document}, {@code $$} the context object, {@code $name} a variable.
     */
    static JsonNode evaluate(JsonNode template, JsonNode document, JsonNode context, Map<String, JsonNode> variables,
                             String where) {
        return PayloadTemplate.of(template, where).evaluate(new StatePaths(document, () -> context,
                name -> Optional.ofNullable(variables.get(name))));
    }

    List<State> statesOfType(String type) {
        return allStates().stream().filter(s -> s.type().equals(type)).toList();
    }

    /** Every scope (top level and each ItemProcessor / Iterator / Branch) with the Map state that owns it. */
    static void collect(JsonNode scope, String parent, List<State> into) {
        var states = scope.path("States");
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            var entry = it.next();
            into.add(new State(entry.getKey(), entry.getValue(), scope, parent));
            for (var nested : List.of("ItemProcessor", "Iterator")) {
                if (entry.getValue().has(nested)) {
                    collect(entry.getValue().get(nested), entry.getKey(), into);
                }
            }
            for (var branch : entry.getValue().path("Branches")) {
                collect(branch, entry.getKey(), into);
            }
        }
    }
}
