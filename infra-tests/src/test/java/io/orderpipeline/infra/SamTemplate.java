package io.orderpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** template.yaml as maps, with the lookups the tests need (resources by id, Globals fallback for functions). */
final class SamTemplate {

    record Resource(String id, String type, Map<String, Object> properties, Map<String, Object> definition) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata() {
            return (Map<String, Object>) definition.getOrDefault("Metadata", Map.of());
        }
    }

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    static SamTemplate load() {
        return load(ProjectFiles.resolve("template.yaml"));
    }

    static SamTemplate load(Path file) {
        try {
            return new SamTemplate(CfnYaml.load(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Object> section(String name) {
        return Yamls.map(root.getOrDefault(name, Map.of()));
    }

    Map<String, Object> parameters() {
        return section("Parameters");
    }

    Map<String, Object> conditions() {
        return section("Conditions");
    }

    Map<String, Object> outputs() {
        return section("Outputs");
    }

    Map<String, Resource> resources() {
        var result = new LinkedHashMap<String, Resource>();
        section("Resources").forEach((id, body) -> {
            var definition = Yamls.map(body);
            result.put(id, new Resource(id, String.valueOf(definition.get("Type")),
                    Yamls.map(definition.getOrDefault("Properties", Map.of())), definition));
        });
        return result;
    }

    Resource resource(String id) {
        var resource = resources().get(id);
        if (resource == null) {
            throw new AssertionError("template.yaml has no resource " + id);
        }
        return resource;
    }

    List<Resource> resourcesOfType(String type) {
        return resources().values().stream().filter(r -> r.type().equals(type)).toList();
    }

    /** A function property, falling back to {@code Globals.Function} as SAM does. */
    Optional<Object> functionProperty(String functionId, String property) {
        var own = resource(functionId).properties().get(property);
        if (own != null) {
            return Optional.of(own);
        }
        var globals = Yamls.map(section("Globals").getOrDefault("Function", Map.of()));
        return Optional.ofNullable(globals.get(property));
    }

    /** Globals' environment variables overlaid with the function's own, as SAM merges them. */
    Map<String, Object> functionEnvironment(String functionId) {
        var merged = new LinkedHashMap<String, Object>();
        var globals = Yamls.map(section("Globals").getOrDefault("Function", Map.of()));
        merged.putAll(Yamls.map(Yamls.at(globals, "Environment", "Variables")));
        merged.putAll(Yamls.map(Yamls.at(resource(functionId).properties(), "Environment", "Variables")));
        return merged;
    }
}
