package io.orderpipeline.local.template;

import io.orderpipeline.cfn.Template;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the local pipeline runs, read from the template: the functions and the event-driven state machine. */
public record PipelineSpec(Map<String, FunctionSpec> functions, StateMachineSpec stateMachine) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static PipelineSpec from(TemplateResolver resolver) {
        var template = resolver.template();
        var globals = template.globalsFor("Function");
        var functions = new LinkedHashMap<String, FunctionSpec>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, resource) ->
                functions.put(id, function(resolver, globals, resource)));
        var machines = template.resourcesOfType("AWS::Serverless::StateMachine");
        StateMachineSpec stateMachine = null;
        for (var resource : machines.values()) {
            var pattern = eventPattern(resolver, resource);
            if (pattern.isPresent()) {
                stateMachine = stateMachine(resolver, resource, pattern.get());
                break;
            }
        }
        if (stateMachine == null) {
            throw new IllegalArgumentException("The template has no AWS::Serverless::StateMachine with an EventBridgeRule event");
        }
        return new PipelineSpec(functions, stateMachine);
    }

    public FunctionSpec function(String logicalId) {
        var function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("The template has no function " + logicalId);
        }
        return function;
    }

    private static FunctionSpec function(TemplateResolver resolver, Map<String, Object> globals, Template.Resource resource) {
        var properties = resource.properties();
        var environment = new LinkedHashMap<String, String>();
        variables(resolver, globals).forEach(environment::put);
        variables(resolver, properties).forEach(environment::put);
        var handler = resolver.resolveString(first(properties, globals, "Handler"));
        if (handler == null) {
            throw new IllegalArgumentException(resource.logicalId() + " has no Handler");
        }
        var timeout = resolver.resolveString(first(properties, globals, "Timeout"));
        var memory = resolver.resolveString(first(properties, globals, "MemorySize"));
        var architectures = resolver.resolve(first(properties, globals, "Architectures"));
        var architecture = architectures instanceof java.util.List<?> list && !list.isEmpty()
                ? String.valueOf(list.get(0)) : "x86_64";
        return new FunctionSpec(resource.logicalId(), handler,
                timeout == null ? 3 : Integer.parseInt(timeout),
                memory == null ? 128 : Integer.parseInt(memory),
                architecture, Map.copyOf(environment));
    }

    private static Object first(Map<String, Object> properties, Map<String, Object> globals, String name) {
        return properties.containsKey(name) ? properties.get(name) : globals.get(name);
    }

    private static Map<String, String> variables(TemplateResolver resolver, Map<String, Object> properties) {
        var environment = properties.get("Environment");
        if (!(environment instanceof Map<?, ?> map) || !(map.get("Variables") instanceof Map<?, ?> variables)) {
            return Map.of();
        }
        var resolved = new LinkedHashMap<String, String>();
        resolver.resolveMap(variables).forEach((name, value) -> resolved.put(name, TemplateResolver.scalar(value)));
        return resolved;
    }

    private static Optional<String> eventPattern(TemplateResolver resolver, Template.Resource resource) {
        if (!(resource.property("Events") instanceof Map<?, ?> events)) {
            return Optional.empty();
        }
        for (var event : events.values()) {
            if (event instanceof Map<?, ?> declared && "EventBridgeRule".equals(declared.get("Type"))
                    && declared.get("Properties") instanceof Map<?, ?> properties && properties.get("Pattern") != null) {
                try {
                    return Optional.of(JSON.writeValueAsString(resolver.resolve(properties.get("Pattern"))));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("Unreadable event pattern on " + resource.logicalId(), e);
                }
            }
        }
        return Optional.empty();
    }

    private static StateMachineSpec stateMachine(TemplateResolver resolver, Template.Resource resource, String pattern) {
        var uri = resolver.resolveString(resource.property("DefinitionUri"));
        if (uri == null) {
            throw new IllegalArgumentException(resource.logicalId() + " has no DefinitionUri (the local pipeline reads the file)");
        }
        var substitutions = new LinkedHashMap<String, String>();
        resolver.resolveMap(resource.property("DefinitionSubstitutions"))
                .forEach((name, value) -> substitutions.put(name, TemplateResolver.scalar(value)));
        var type = resolver.resolveString(resource.property("Type"));
        var name = resolver.stateMachineName(resource);
        return new StateMachineSpec(resource.logicalId(), name, resolver.names().stateMachineArn(name), type == null ? "STANDARD" : type,
                resolver.template().directory().resolve(uri).normalize(), Map.copyOf(substitutions), pattern);
    }
}
