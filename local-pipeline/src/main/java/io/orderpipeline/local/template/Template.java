package io.orderpipeline.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a SAM template the local pipeline reads: parameters, Globals and resources.
 * Values keep CloudFormation's JSON form (maps, lists, strings, numbers, intrinsic maps like {@code {"Ref": "X"}}).
 */
public record Template(Path directory, Map<String, Parameter> parameters, Map<String, Object> globals,
                       Map<String, Object> conditions, Map<String, Object> mappings, Map<String, Resource> resources) {

    public record Parameter(String name, String type, Object defaultValue) {
    }

    public record Resource(String logicalId, String type, Map<String, Object> properties) {
        public Object property(String name) {
            return properties.get(name);
        }
    }

    public static Template load(Path file) throws IOException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    public static Template parse(String yaml, Path directory) {
        var root = asMap(CfnYaml.load(yaml), "template");
        var parameters = new LinkedHashMap<String, Parameter>();
        asMap(root.getOrDefault("Parameters", Map.of()), "Parameters").forEach((name, value) -> {
            var declared = asMap(value, "Parameters." + name);
            parameters.put(name, new Parameter(name, String.valueOf(declared.get("Type")), declared.get("Default")));
        });
        var resources = new LinkedHashMap<String, Resource>();
        asMap(root.getOrDefault("Resources", Map.of()), "Resources").forEach((id, value) -> {
            var declared = asMap(value, "Resources." + id);
            resources.put(id, new Resource(id, String.valueOf(declared.get("Type")),
                    asMap(declared.getOrDefault("Properties", Map.of()), id + ".Properties")));
        });
        return new Template(directory, Map.copyOf(parameters), asMap(root.getOrDefault("Globals", Map.of()), "Globals"),
                asMap(root.getOrDefault("Conditions", Map.of()), "Conditions"),
                asMap(root.getOrDefault("Mappings", Map.of()), "Mappings"), resources);
    }

    public Resource resource(String logicalId) {
        var resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("The template has no resource " + logicalId);
        }
        return resource;
    }

    public Optional<Resource> findResource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    public Map<String, Resource> resourcesOfType(String type) {
        var matching = new LinkedHashMap<String, Resource>();
        resources.forEach((id, resource) -> {
            if (resource.type().equals(type)) {
                matching.put(id, resource);
            }
        });
        return matching;
    }

    /** The Globals section for one kind, e.g. {@code Function}; empty when absent. */
    public Map<String, Object> globalsFor(String kind) {
        return asMap(globals.getOrDefault(kind, Map.of()), "Globals." + kind);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(where + " is not a mapping: " + value);
    }
}
