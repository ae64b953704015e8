package io.orderpipeline.asl.choice;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;
import java.util.ArrayList;
import java.util.Set;
import java.util.regex.Pattern;

/** Evaluates one Choice rule (a comparison, or And / Or / Not of rules) against the state input. */
public final class ChoiceRules {

    

    /** A path ending in an array index, e.g. {@code $.items[0]}: the parent path and the index. */
    private static final Pattern TRAILING_INDEX = Pattern.compile("(.+)\\[(\\d+)]");

    /** Fields a rule may carry besides its operator. */
    private static final Set<String> NON_OPERATOR_FIELDS = Set.of("Variable", "Next", "Comment", "Assign");

    private static final Set<String> TYPE_TESTS =
            Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    private ChoiceRules() {
    }

    /**
     * @param rule  one element of a Choice state's {@code Choices} (its {@code Next} is ignored here)
     * @param paths resolves {@code Variable} and {@code …Path} operands
     * @throws StatesError {@code States.Runtime} for an invalid rule or a path that matches nothing, as AWS reports it
     */
    public static boolean matches(JsonNode rule, PathResolver paths) throws StatesError {
        if (rule == null || !rule.isObject()) {
            throw invalid("a Choice rule must be a JSON object but was " + rule);
        }
        if (rule.has("And") || rule.has("Or")) {
            boolean and = rule.has("And");
            var operands = rule.get(and ? "And" : "Or");
            if (!operands.isArray() || operands.isEmpty()) {
                throw invalid((and ? "And" : "Or") + " needs a non-empty array of rules");
            }
            for (var operand : operands) {
                if (matches(operand, paths) != and) {
                    return !and;
                }
            }
            return and;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), paths);
        }
        return dataTest(rule, paths);
    }

    /**
     * Checks a rule's structure without evaluating it — boolean operators, a {@code Variable}, exactly one known
     * operator with an operand of the right JSON type — so a definition can be rejected when it is loaded.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void validate(JsonNode rule) {
        try {
            check(rule);
        } catch (StatesError invalid) {
            throw new IllegalArgumentException(invalid.cause(), invalid);
        }
    }

    private static void check(JsonNode rule) {
        if (rule == null || !rule.isObject()) {
            throw invalid("a Choice rule must be a JSON object but was " + rule);
        }
        if (rule.has("And") || rule.has("Or")) {
            var name = rule.has("And") ? "And" : "Or";
            var operands = rule.get(name);
            if (!operands.isArray() || operands.isEmpty()) {
                throw invalid(name + " needs a non-empty array of rules");
            }
            operands.forEach(ChoiceRules::check);
            return;
        }
        if (rule.has("Not")) {
            check(rule.get("Not"));
            return;
        }
        var operator = operatorOf(rule);
        var operand = rule.get(operator);
        if (TYPE_TESTS.contains(operator)) {
            if (!operand.isBoolean()) {
                throw invalid(operator + " takes true or false but got " + operand);
            }
            return;
        }
        var comparison = Comparison.named(operator)
                .orElseThrow(() -> invalid("unknown comparison operator '" + operator + "'"));
        if (comparison.operandIsPath() ? !operand.isTextual() || !operand.textValue().startsWith("$")
                : !comparison.acceptsLiteral(operand)) {
            throw invalid(operator + " cannot compare with " + operand);
        }
    }

    /** The single operator field of a comparison rule, after checking its {@code Variable}. */
    private static String operatorOf(JsonNode rule) {
        var variable = rule.get("Variable");
        if (variable == null || !variable.isTextual() || !variable.textValue().startsWith("$")) {
            throw invalid("a comparison rule needs a Variable path: " + rule);
        }
        var operators = new ArrayList<String>();
        rule.fieldNames().forEachRemaining(name -> {
            if (!NON_OPERATOR_FIELDS.contains(name)) {
                operators.add(name);
            }
        });
        if (operators.size() != 1) {
            throw invalid("a comparison rule needs exactly one operator but has " + operators + ": " + rule);
        }
        return operators.getFirst();
    }

    private static boolean dataTest(JsonNode rule, PathResolver paths) {
        var operator = operatorOf(rule);
        var operand = rule.get(operator);
        var path = rule.get("Variable").textValue();

        if (TYPE_TESTS.contains(operator)) {
            if (!operand.isBoolean()) {
                throw invalid(operator + " takes true or false but got " + operand);
            }
            return typeTest(operator, path, paths) == operand.booleanValue();
        }
        var comparison = Comparison.named(operator)
                .orElseThrow(() -> invalid("unknown comparison operator '" + operator + "'"));
        var value = resolve(path, paths);
        if (comparison.operandIsPath()) {
            if (!operand.isTextual()) {
                throw invalid(operator + " takes a path but got " + operand);
            }
            return comparison.test(value, resolve(operand.textValue(), paths)).orElse(false);
        }
        return comparison.test(value, operand)
                .orElseThrow(() -> invalid(operator + " cannot compare with " + operand));
    }

    /**
     * JSONPath reads an index past the end of an array as null, but for IsPresent an element that is not there is
     * absent: {@code IsPresent} on {@code $.items[0]} is the usual test for a non-empty array.
     */
    private static boolean isPresent(String path, PathResolver paths) {
        try {
            var index = TRAILING_INDEX.matcher(path);
            if (index.matches()) {
                JsonNode parent = paths.resolve(index.group(1));
                if (parent.isArray()) {
                    return Integer.parseInt(index.group(2)) < parent.size();
                }
            }
            paths.resolve(path);
            return true;
        } catch (StatesError | NumberFormatException absent) {
            return false;
        }
    }

    private static boolean typeTest(String operator, String path, PathResolver paths) {
        if (operator.equals("IsPresent")) {
            return isPresent(path, paths);
        }
        var value = resolve(path, paths);
        return switch (operator) {
            case "IsNull" -> value.isNull();
            case "IsNumeric" -> value.isNumber();
            case "IsString" -> value.isTextual();
            case "IsBoolean" -> value.isBoolean();
            case "IsTimestamp" -> value.isTextual() && Timestamps.parse(value.textValue()).isPresent();
            default -> throw new IllegalStateException("not a type test: " + operator);
        };
    }

    private static JsonNode resolve(String path, PathResolver paths) {
        try {
            return paths.resolve(path);
        } catch (StatesError absent) {
            throw new StatesError(ErrorNames.RUNTIME, "Invalid path '" + path
                    + "': The choice state's condition path references an invalid value.");
        }
    }

    private static StatesError invalid(String problem) {
        return new StatesError(ErrorNames.RUNTIME, "Invalid Choice rule: " + problem + ".");
    }
}
