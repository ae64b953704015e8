package io.orderpipeline.cfn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A CloudFormation / SAM template as read by {@link CfnYaml} (or parsed from the JSON a transform produced).
 * Values keep CloudFormation's JSON form (maps, lists, strings, numbers, intrinsic maps like {@code {"Ref": "X"}}).
 *
 * @param directory the template's folder, for relative paths such as {@code DefinitionUri}
 * @param root      the whole document
 */
public record Template(Path directory, Map<String, Object> root, Map<String, Parameter> parameters, Map<String, Object> globals,
                       Map<String, Object> conditions, Map<String, Object> mappings, Map<String, Resource> resources,
                       Map<String, Object> outputs) {

    /** @param declaration the parameter's whole declaration ({@code Type}, {@code AllowedValues}, {@code MinValue}, ...) */
    public record Parameter(String name, String type, Object defaultValue, Map<String, Object> declaration) {
    }

    /**
     * @param definition the resource's whole declaration: {@code Properties} and the attributes beside it
     *                   ({@code Condition}, {@code Metadata}, {@code DeletionPolicy}, {@code DependsOn}, ...)
     */
    public record Resource(String logicalId, String type, Map<String, Object> properties, Map<String, Object> definition) {
        public Object property(String name) {
            return properties.get(name);
        }

        public Map<String, Object> metadata() {
            return asMap(definition.getOrDefault("Metadata", Map.of()), logicalId + ".Metadata");
        }

        /** The name of the condition the resource is created under, or null. */
        public String condition() {
            var condition = definition.get("Condition");
            return condition == null ? null : String.valueOf(condition);
        }
    }

    public static Template load(Path file) throws IOException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    public static Template parse(String yaml, Path directory) {
        return of(asMap(CfnYaml.load(yaml), "template"), directory);
    }

    /** A template already in CloudFormation's JSON form (for example a SAM transform's output read with Jackson). */
    public static Template of(Map<String, Object> root, Path directory) {
        var parameters = new LinkedHashMap<String, Parameter>();
        asMap(root.getOrDefault("Parameters", Map.of()), "Parameters").forEach((name, value) -> {
            var declared = asMap(value, "Parameters." + name);
            parameters.put(name, new Parameter(name, String.valueOf(declared.get("Type")), declared.get("Default"), declared));
        });
        var resources = new LinkedHashMap<String, Resource>();
        asMap(root.getOrDefault("Resources", Map.of()), "Resources").forEach((id, value) -> {
            var declared = asMap(value, "Resources." + id);
            resources.put(id, new Resource(id, String.valueOf(declared.get("Type")),
                    asMap(declared.getOrDefault("Properties", Map.of()), id + ".Properties"), declared));
        });
        return new Template(directory, root, parameters, section(root, "Globals"), section(root, "Conditions"),
                section(root, "Mappings"), resources, section(root, "Outputs"));
    }

    private static Map<String, Object> section(Map<String, Object> root, String name) {
        return asMap(root.getOrDefault(name, Map.of()), name);
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
    public static Map<String, Object> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(where + " is not a mapping: " + value);
    }
}
