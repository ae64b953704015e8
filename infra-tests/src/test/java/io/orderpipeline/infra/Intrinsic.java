package io.orderpipeline.infra;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A view of a CloudFormation intrinsic function call in the template as written ({@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Sub}, {@code Condition}, ...): which template names it refers to and a readable rendering. Resolving
 * intrinsics to values is the shared {@code io.orderpipeline.cfn.TemplateResolver}'s job.
 */
record Intrinsic(String function, Object argument) {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** The intrinsic {@code value} stands for, or null ({@code CfnYaml} gives every intrinsic its long, one-key-map form). */
    static Intrinsic of(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            var entry = map.entrySet().iterator().next();
            var key = String.valueOf(entry.getKey());
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return new Intrinsic(key, entry.getValue());
            }
        }
        return null;
    }

    /**
     * Logical ids (resources, parameters) that {@code value} refers to anywhere inside it, through Ref, GetAtt or Sub
     * variables; pseudo parameters ({@code AWS::...}) are left out. {@code ValidatorFunction.Alias} (SAM) counts as
     * {@code ValidatorFunction.Alias}: callers decide what such a reference means.
     */
    static Set<String> references(Object value) {
        var found = new LinkedHashSet<String>();
        collect(value, found);
        return found;
    }

    private static void collect(Object value, Set<String> found) {
        var intrinsic = of(value);
        if (intrinsic != null) {
            switch (intrinsic.function()) {
                case "Ref" -> addUnlessPseudo(String.valueOf(intrinsic.argument()), found);
                case "Fn::GetAtt" -> {
                    var arg = intrinsic.argument();
                    var target = arg instanceof List<?> list ? String.valueOf(list.getFirst())
                            : String.valueOf(arg).split("\\.", 2)[0];
                    addUnlessPseudo(target, found);
                }
                case "Fn::Sub" -> {
                    var arg = intrinsic.argument();
                    if (arg instanceof List<?> list) {
                        var bound = list.size() > 1 && list.get(1) instanceof Map<?, ?> vars ? vars.keySet() : Set.of();
                        for (var name : subVariables(String.valueOf(list.getFirst()))) {
                            if (!bound.contains(name.split("\\.", 2)[0])) {
                                addUnlessPseudo(subTarget(name), found);
                            }
                        }
                        if (list.size() > 1) {
                            collect(list.get(1), found);
                        }
                    } else {
                        subVariables(String.valueOf(arg)).forEach(name -> addUnlessPseudo(subTarget(name), found));
                    }
                }
                default -> collect(intrinsic.argument(), found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, found));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    /** {@code ${OrdersBucket.Arn}} refers to the resource OrdersBucket; {@code ${Fn.Alias}} keeps SAM's form. */
    private static String subTarget(String variable) {
        return variable.endsWith(".Alias") || variable.endsWith(".Version") ? variable : variable.split("\\.", 2)[0];
    }

    static List<String> subVariables(String template) {
        Matcher m = SUB_VARIABLE.matcher(template);
        var names = new java.util.ArrayList<String>();
        while (m.find()) {
            names.add(m.group(1).trim());
        }
        return names;
    }

    private static void addUnlessPseudo(String name, Set<String> found) {
        if (!name.startsWith("AWS::")) {
            found.add(name);
        }
    }

    /**
     * A readable rendering used to judge an IAM resource's scope: Sub templates stay as written,
     * {@code !GetAtt X.Arn} becomes {@code ${X.Arn}}, {@code !Ref X} becomes {@code ${X}}, literals stay literal.
     */
    static String render(Object value) {
        var intrinsic = of(value);
        if (intrinsic == null) {
            return String.valueOf(value);
        }
        return switch (intrinsic.function()) {
            case "Ref" -> "${" + intrinsic.argument() + "}";
            case "Fn::GetAtt" -> intrinsic.argument() instanceof List<?> list
                    ? "${" + list.get(0) + "." + list.get(1) + "}"
                    : "${" + intrinsic.argument() + "}";
            case "Fn::Sub" -> intrinsic.argument() instanceof List<?> list
                    ? String.valueOf(list.getFirst())
                    : String.valueOf(intrinsic.argument());
            default -> intrinsic.function() + "(" + intrinsic.argument() + ")";
        };
    }
}
