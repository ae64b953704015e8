package io.orderpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderpipeline.cfn.Template;
import io.orderpipeline.cfn.Template.Resource;

/**
 * template.yaml as written (before the SAM transform), read by the shared {@link Template} reader, with the lookups
 * the tests need (Globals fallback for functions). What SAM generates from it: {@link SamTranslator}.
 */
final class SamTemplate {

    private final Template template;

    private SamTemplate(Template template) {
        this.template = template;
    }

    static SamTemplate load() {
        return load(ProjectFiles.resolve("template.yaml"));
    }

    static SamTemplate load(Path file) {
        try {
            return new SamTemplate(Template.load(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Template template() {
        return template;
    }

    Map<String, Object> root() {
        return template.root();
    }

    Map<String, Object> section(String name) {
        return Yamls.map(template.root().getOrDefault(name, Map.of()));
    }

    Map<String, Object> parameters() {
        return section("Parameters");
    }

    Map<String, Object> conditions() {
        return template.conditions();
    }

    Map<String, Object> outputs() {
        return template.outputs();
    }

    Map<String, Resource> resources() {
        return template.resources();
    }

    Resource resource(String id) {
        return template.findResource(id).orElseThrow(() -> new AssertionError("template.yaml has no resource " + id));
    }

    List<Resource> resourcesOfType(String type) {
        return List.copyOf(template.resourcesOfType(type).values());
    }

    /** A function property, falling back to {@code Globals.Function} as SAM does. */
    Optional<Object> functionProperty(String functionId, String property) {
        var own = resource(functionId).properties().get(property);
        if (own != null) {
            return Optional.of(own);
        }
        return Optional.ofNullable(template.globalsFor("Function").get(property));
    }

    /** Globals' environment variables overlaid with the function's own, as SAM merges them. */
    Map<String, Object> functionEnvironment(String functionId) {
        var merged = new LinkedHashMap<String, Object>();
        merged.putAll(Yamls.map(Yamls.at(template.globalsFor("Function"), "Environment", "Variables")));
        merged.putAll(Yamls.map(Yamls.at(resource(functionId).properties(), "Environment", "Variables")));
        return merged;
    }
}
