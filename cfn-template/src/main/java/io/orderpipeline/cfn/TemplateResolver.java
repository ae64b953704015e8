package io.orderpipeline.cfn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Resolves CloudFormation intrinsic functions with the parameter values given and the names {@link ResourceNames}
 * gives resources: {@code Ref} (parameters, pseudo parameters, resources), {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap}, {@code Fn::If}, the condition
 * functions and {@code Fn::ToJsonString}. {@code AWS::NoValue} removes the key or element that holds it.
 * Semantics: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 *
 * @param <N> the naming scheme, so callers keep its own methods ({@link #names()})
 */
public class TemplateResolver<N extends ResourceNames> {
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Template template;
    private final N names;
    private final Map<String, String> parameterValues;

    /** @param overrides parameter values given for this deployment; the others take the template's defaults */
    public TemplateResolver(Template template, N names, Map<String, String> overrides) {
        this.template = template;
        this.names = names;
        var values = new HashMap<String, String>();
        template.parameters().forEach((name, parameter) -> {
            if (parameter.defaultValue() != null) {
                values.put(name, scalar(parameter.defaultValue()));
            }
        });
        overrides.forEach((name, value) -> {
            if (!template.parameters().containsKey(name)) {
                throw new IllegalArgumentException("The template has no parameter " + name);
            }
            values.put(name, value);
        });
        this.parameterValues = Map.copyOf(values);
    }

    public Template template() {
        return template;
    }

    public N names() {
        return names;
    }

    public Map<String, String> parameterValues() {
        return parameterValues;
    }

    /** The value with every intrinsic function replaced; maps and lists are copied. */
    public Object resolve(Object value) {
        var resolved = resolveOrNoValue(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    public String resolveString(Object value) {
        var resolved = resolve(value);
        return resolved == null ? null : scalar(resolved);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> resolveMap(Object value) {
        var resolved = resolve(value);
        return resolved == null ? Map.of() : (Map<String, Object>) resolved;
    }

    /** Whether the named condition holds for these parameter values. */
    public boolean condition(String name) {
        var declared = template.conditions().get(name);
        if (declared == null) {
            throw new IllegalArgumentException("The template has no condition " + name);
        }
        return truth(declared);
    }

    /** The state machine's {@code Name} (SAM) or {@code StateMachineName} when the template fixes one, else its logical id. */
    public String stateMachineName(Template.Resource resource) {
        var declared = resource.property("Name") != null ? resource.property("Name") : resource.property("StateMachineName");
        return declared == null ? resource.logicalId() : resolveString(declared);
    }

    private Object resolveOrNoValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                var entry = map.entrySet().iterator().next();
                var key = String.valueOf(entry.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && entry.getValue() instanceof String) {
                    return function(key, entry.getValue());
                }
            }
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> {
                var resolved = resolveOrNoValue(v);
                if (resolved != NO_VALUE) {
                    copy.put(String.valueOf(k), resolved);
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<>();
            for (var element : list) {
                var resolved = resolveOrNoValue(element);
                if (resolved != NO_VALUE) {
                    copy.add(resolved);
                }
            }
            return copy;
        }
        return value;
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(String.valueOf(argument));
            case "Fn::GetAtt" -> {
                var resolved = resolve(argument);
                var parts = resolved instanceof List<?> l ? l : List.of((Object[]) scalar(resolved).split("\\.", 2));
                yield getAtt(scalar(parts.get(0)), scalar(parts.get(1)));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                var parts = list(argument);
                var joined = new ArrayList<String>();
                for (var element : list(resolve(parts.get(1)))) {
                    joined.add(scalar(element));
                }
                yield String.join(scalar(parts.get(0)), joined);
            }
            case "Fn::Select" -> {
                var parts = list(argument);
                yield list(resolve(parts.get(1))).get(Integer.parseInt(scalar(resolve(parts.get(0)))));
            }
            case "Fn::Split" -> {
                var parts = list(argument);
                yield List.of(scalar(resolve(parts.get(1))).split(Pattern.quote(scalar(parts.get(0))), -1));
            }
            case "Fn::FindInMap" -> {
                var parts = list(argument);
                var map = Template.asMap(template.mappings().get(scalar(resolve(parts.get(0)))), "Mappings." + parts.get(0));
                var top = Template.asMap(map.get(scalar(resolve(parts.get(1)))), "Mappings." + parts.get(0) + "." + parts.get(1));
                yield top.get(scalar(resolve(parts.get(2))));
            }
            case "Fn::If" -> {
                var parts = list(argument);
                yield resolveOrNoValue(condition(scalar(parts.get(0))) ? parts.get(1) : parts.get(2));
            }
            case "Fn::Equals" -> {
                var parts = list(argument);
                yield scalar(resolve(parts.get(0))).equals(scalar(resolve(parts.get(1))));
            }
            case "Fn::Not" -> !truth(list(argument).get(0));
            case "Fn::And" -> list(argument).stream().allMatch(this::truth);
            case "Fn::Or" -> list(argument).stream().anyMatch(this::truth);
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::ToJsonString" -> {
                try {
                    yield JSON.writeValueAsString(resolve(argument));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            default -> throw new IllegalArgumentException("Cannot resolve " + name);
        };
    }

    private boolean truth(Object value) {
        return Boolean.TRUE.equals(resolve(value));
    }

    private Object ref(String target) {
        switch (target) {
            case "AWS::Region":
                return names.region();
            case "AWS::AccountId":
                return names.accountId();
            case "AWS::Partition":
                return names.partition();
            case "AWS::URLSuffix":
                return names.urlSuffix();
            case "AWS::StackName":
                return names.stackName();
            case "AWS::StackId":
                return names.stackId();
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        if (template.parameters().containsKey(target)) {
            var value = parameterValues.get(target);
            if (value == null) {
                throw new IllegalArgumentException("Parameter " + target + " has no default: give it a value");
            }
            return value;
        }
        var own = template.findResource(target);
        if (own.isPresent()) {
            return names.ref(own.get(), this);
        }
        var dot = target.indexOf('.');
        if (dot > 0) {
            // SAM's derived references in an untransformed template: Function.Alias, Function.Version
            return names.samReference(template.resource(target.substring(0, dot)), target.substring(dot + 1), this);
        }
        throw new IllegalArgumentException("The template has no resource " + target);
    }

    private Object getAtt(String logicalId, String attribute) {
        return names.getAtt(template.resource(logicalId), attribute, this);
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> parts) {
            text = scalar(parts.get(0));
            variables = resolveMap(parts.get(1));
        } else {
            text = scalar(argument);
        }
        var out = new StringBuilder();
        Matcher matcher = SUB_VARIABLE.matcher(text);
        while (matcher.find()) {
            var variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = scalar(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")
                    && template.findResource(variable.substring(0, variable.indexOf('.'))).isPresent()
                    && !variable.endsWith(".Alias") && !variable.endsWith(".Version")) {
                var dot = variable.indexOf('.');
                replacement = scalar(getAtt(variable.substring(0, dot), variable.substring(dot + 1)));
            } else {
                replacement = scalar(ref(variable));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<?> list(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("Expected a list in an intrinsic function, got " + value);
    }

    /** A scalar as CloudFormation passes it on: numbers without a needless {@code .0}. */
    public static String scalar(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
