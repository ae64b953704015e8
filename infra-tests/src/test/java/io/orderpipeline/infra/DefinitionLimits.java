package io.orderpipeline.infra;

import java.util.regex.Pattern;

import io.orderpipeline.cfn.Template;

/**
 * How a Distributed Map's {@code ...Path} limit reaches a template parameter: {@code $.limits.x} is built by
 * DescribeSource as {@code States.StringToJson('${Name}')}, {@code Name} is a DefinitionSubstitution, and that is
 * {@code !Ref Parameter}. Followed link by link, so a test that computes from a limit fails when the chain changes
 * rather than reading the wrong number.
 */
final class DefinitionLimits {

    private static final String LIMITS = "$.limits.";
    private static final Pattern FROM_SUBSTITUTION = Pattern.compile("States\\.StringToJson\\('\\$\\{(\\w+)}'\\)");

    private DefinitionLimits() {
    }

    /** The template parameter behind a {@code $.limits.x} path of the definition. */
    static String parameterBehind(String limitsPath, AslDefinition asl, SamTemplate template) {
        if (!limitsPath.startsWith(LIMITS)) {
            throw new AssertionError(limitsPath + " is not one of DescribeSource's limits");
        }
        var built = asl.state("DescribeSource").body().path("Parameters").path("limits")
                .path(limitsPath.substring(LIMITS.length()) + ".$").asText();
        var m = FROM_SUBSTITUTION.matcher(built);
        if (!m.matches()) {
            throw new AssertionError("DescribeSource builds " + limitsPath + " as '" + built + "', not from a substitution");
        }
        var substitutions = Yamls.map(template.resource("OrderPipelineStateMachine").properties().get("DefinitionSubstitutions"));
        var ref = Intrinsic.of(substitutions.get(m.group(1)));
        if (ref == null || !ref.function().equals("Ref") || !template.parameters().containsKey(String.valueOf(ref.argument()))) {
            throw new AssertionError("DefinitionSubstitutions " + m.group(1) + " is not a !Ref to a parameter");
        }
        return String.valueOf(ref.argument());
    }

    /** The largest value the template allows for a Number parameter. */
    static long maxValue(String parameter, SamTemplate template) {
        Template.Parameter declared = template.template().parameters().get(parameter);
        var max = declared.declaration().get("MaxValue");
        if (!(max instanceof Number number)) {
            throw new AssertionError("parameter " + parameter + " has no MaxValue: nothing bounds it");
        }
        return number.longValue();
    }
}
