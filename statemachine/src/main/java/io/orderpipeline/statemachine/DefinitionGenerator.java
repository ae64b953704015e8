package io.orderpipeline.statemachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Writes {@code statemachine/order-pipeline.asl.json}, the definition SAM deploys, from what people edit:
 * <ul>
 *   <li>{@code source/workflow.asl.json}: the top level. A state with a {@code Readers} array is a template: it becomes
 *       one state per reader, named the template's name + the reader's {@code Suffix}, in the template's place. In the
 *       copy, a field whose value is {@code "@reader"} takes the reader's value of the same field name, and a value
 *       {@code "@<file>"} is the JSON of {@code source/<file>} (the child workflow) with every state name in it given
 *       the suffix too, since Step Functions requires state names unique across the whole machine.</li>
 *   <li>{@code source/child-workflow.asl.json}: the Distributed Map's ItemProcessor, each step written once.</li>
 * </ul>
 * Why three Map states at all: a Distributed Map's {@code ReaderConfig.InputType} is a constant of the definition
 * (statemachine/README.md). Output is two-space indented JSON with one array element per line and a final newline,
 * so the generated file diffs line by line.
 */
public final class DefinitionGenerator {

    /** The deployed definition, relative to the statemachine directory. */
    public static final String DEFINITION = "order-pipeline.asl.json";
    /** The top-level source, relative to the statemachine directory; includes are resolved next to it. */
    public static final String WORKFLOW = "source/workflow.asl.json";

    static final String READERS = "Readers";
    static final String SUFFIX = "Suffix";
    static final String FROM_READER = "@reader";
    /** {@code "@child-workflow.asl.json"}: a file next to the top-level source. */
    static final java.util.regex.Pattern INCLUDE = java.util.regex.Pattern.compile("@([A-Za-z0-9._-]+\\.asl\\.json)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATE_REFERENCES = Set.of("StartAt", "Next", "Default");

    private final Path directory;

    private DefinitionGenerator(Path directory) {
        this.directory = directory;
    }

    /** The definition the sources under {@code statemachineDirectory} generate, as the committed file's text. */
    public static String generate(Path statemachineDirectory) throws IOException {
        return new DefinitionGenerator(statemachineDirectory).generate();
    }

    /** Regenerates the committed definition; true when its content changed. */
    public static boolean write(Path statemachineDirectory) throws IOException {
        var text = generate(statemachineDirectory);
        var target = statemachineDirectory.resolve(DEFINITION);
        if (Files.exists(target) && Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        Files.writeString(target, text, StandardCharsets.UTF_8);
        return true;
    }

    /** True when the committed definition is exactly what the sources generate. */
    public static boolean upToDate(Path statemachineDirectory) throws IOException {
        var target = statemachineDirectory.resolve(DEFINITION);
        return Files.exists(target)
                && Files.readString(target, StandardCharsets.UTF_8).equals(generate(statemachineDirectory));
    }

    private String generate() throws IOException {
        var workflow = read(WORKFLOW);
        if (!(workflow.get("States") instanceof ObjectNode states)) {
            throw new DefinitionSourceException(WORKFLOW + " has no States object");
        }
        var expanded = JSON.createObjectNode();
        for (var entry : states.properties()) {
            var state = entry.getValue();
            if (state.has(READERS)) {
                expandTemplate(entry.getKey(), (ObjectNode) state, expanded);
            } else {
                put(expanded, entry.getKey(), state);
            }
        }
        workflow.set("States", expanded);
        return print(workflow);
    }

    /** One state per reader in the template's place. */
    private void expandTemplate(String name, ObjectNode template, ObjectNode into) throws IOException {
        var readers = template.get(READERS);
        if (!(readers instanceof ArrayNode list) || list.isEmpty()) {
            throw new DefinitionSourceException(name + ": " + READERS + " must be a non-empty array");
        }
        var body = template.deepCopy();
        body.remove(READERS);
        for (var reader : list) {
            var suffix = reader.path(SUFFIX).asText("");
            if (!suffix.matches("[A-Z][A-Za-z0-9]*")) {
                throw new DefinitionSourceException(name + ": every reader needs a " + SUFFIX
                        + " that starts a capitalised word (got '" + suffix + "')");
            }
            var used = new HashSet<String>();
            var copy = instantiate(name + suffix, body, null, reader, suffix, used);
            var unused = new LinkedHashSet<String>();
            reader.fieldNames().forEachRemaining(field -> {
                if (!field.equals(SUFFIX) && !used.contains(field)) {
                    unused.add(field);
                }
            });
            if (!unused.isEmpty()) {
                throw new DefinitionSourceException(name + suffix + ": reader fields no \"" + FROM_READER
                        + "\" of the template asks for: " + unused);
            }
            put(into, name + suffix, copy);
        }
    }

    private JsonNode instantiate(String where, JsonNode node, String field, JsonNode reader, String suffix,
                                 Set<String> used) throws IOException {
        if (node.isTextual() && node.asText().equals(FROM_READER)) {
            if (field == null || !reader.has(field)) {
                throw new DefinitionSourceException(where + ": the reader has no " + field + " for \"" + FROM_READER + "\"");
            }
            used.add(field);
            return reader.get(field).deepCopy();
        }
        var include = node.isTextual() ? INCLUDE.matcher(node.asText()) : null;
        if (include != null && include.matches()) {
            var included = read("source/" + include.group(1));
            return withSuffix(included, stateNames(included), suffix);
        }
        if (node instanceof ObjectNode object) {
            var out = JSON.createObjectNode();
            for (var entry : object.properties()) {
                out.set(entry.getKey(), instantiate(where, entry.getValue(), entry.getKey(), reader, suffix, used));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            var out = JSON.createArrayNode();
            for (var element : array) {
                out.add(instantiate(where, element, field, reader, suffix, used));
            }
            return out;
        }
        return node.deepCopy();
    }

    /** Every state name declared in a workflow fragment, nested Maps and Parallel branches included. */
    static Set<String> stateNames(JsonNode scope) {
        var names = new LinkedHashSet<String>();
        collectStateNames(scope, names);
        return names;
    }

    private static void collectStateNames(JsonNode scope, Set<String> names) {
        for (var entry : scope.path("States").properties()) {
            names.add(entry.getKey());
            for (var nested : List.of("ItemProcessor", "Iterator")) {
                if (entry.getValue().has(nested)) {
                    collectStateNames(entry.getValue().get(nested), names);
                }
            }
            for (var branch : entry.getValue().path("Branches")) {
                collectStateNames(branch, names);
            }
        }
    }

    /** The fragment with each of {@code names} suffixed where it is declared (a States key) or referenced. */
    static JsonNode withSuffix(JsonNode node, Set<String> names, String suffix) {
        return rename(node, null, names, suffix);
    }

    private static JsonNode rename(JsonNode node, String field, Set<String> names, String suffix) {
        if (node instanceof ObjectNode object) {
            var out = JSON.createObjectNode();
            for (var entry : object.properties()) {
                var key = "States".equals(field) ? entry.getKey() + suffix : entry.getKey();
                out.set(key, rename(entry.getValue(), entry.getKey(), names, suffix));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            var out = JSON.createArrayNode();
            for (var element : array) {
                // Catch and Choices elements are objects whose own Next fields are renamed as they are visited
                out.add(rename(element, field, names, suffix));
            }
            return out;
        }
        if (node.isTextual() && STATE_REFERENCES.contains(field) && names.contains(node.asText())) {
            return TextNode.valueOf(node.asText() + suffix);
        }
        return node.deepCopy();
    }

    private static void put(ObjectNode states, String name, JsonNode state) {
        if (states.has(name)) {
            throw new DefinitionSourceException("two states are named " + name);
        }
        states.set(name, state);
    }

    private ObjectNode read(String relative) throws IOException {
        var file = directory.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new DefinitionSourceException("no source file " + file);
        }
        var node = JSON.readTree(file.toFile());
        if (!(node instanceof ObjectNode object)) {
            throw new DefinitionSourceException(relative + " is not a JSON object");
        }
        return object;
    }

    /** Two-space indentation, {@code "key": value}, one array element per line, final newline. */
    static String print(JsonNode definition) {
        var indenter = new DefaultIndenter("  ", "\n");
        var printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter)
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        try {
            return JSON.writer(printer).writeValueAsString(definition) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source that cannot be turned into a definition: names the file or state and what is wrong. */
    public static final class DefinitionSourceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DefinitionSourceException(String message) {
            super(message);
        }
    }

    /**
     * {@code java ... DefinitionGenerator [--check] [statemachine directory]}: writes the definition, or with
     * {@code --check} exits 1 when the committed one differs from what the sources generate.
     */
    public static void main(String[] args) throws IOException {
        var arguments = new ArrayList<>(List.of(args));
        var check = arguments.remove("--check");
        var directory = Path.of(arguments.isEmpty() ? "statemachine" : arguments.get(0));
        if (check) {
            if (!upToDate(directory)) {
                System.err.println(directory.resolve(DEFINITION) + " is not what " + directory.resolve(WORKFLOW)
                        + " generates: run ./pipeline generate-asl");
                System.exit(1);
            }
            System.out.println(directory.resolve(DEFINITION) + " is up to date");
            return;
        }
        System.out.println(write(directory) ? "wrote " + directory.resolve(DEFINITION)
                : directory.resolve(DEFINITION) + " is up to date");
    }
}
