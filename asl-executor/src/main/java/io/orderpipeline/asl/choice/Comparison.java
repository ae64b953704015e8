package io.orderpipeline.asl.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data-test operator such as {@code NumericLessThanEqualsPath}: the type it compares, the relation, and whether its
 * operand is a path. A value of the wrong type never matches (AWS evaluates it as false, not as an error).
 */
record Comparison(Kind kind, Relation relation, boolean operandIsPath) {

    enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP }

    enum Relation { EQUALS, LESS_THAN, GREATER_THAN, LESS_THAN_EQUALS, GREATER_THAN_EQUALS, MATCHES }

    private static final Pattern NAME = Pattern.compile(
            "(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?");

    /** The operator a rule key names, if it is a comparison operator that Step Functions defines. */
    static Optional<Comparison> named(String key) {
        Matcher m = NAME.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        var kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        var relation = switch (m.group(2)) {
            case "Equals" -> Relation.EQUALS;
            case "LessThan" -> Relation.LESS_THAN;
            case "GreaterThan" -> Relation.GREATER_THAN;
            case "LessThanEquals" -> Relation.LESS_THAN_EQUALS;
            case "GreaterThanEquals" -> Relation.GREATER_THAN_EQUALS;
            default -> Relation.MATCHES;
        };
        boolean path = m.group(3) != null;
        boolean valid = switch (relation) {
            case MATCHES -> kind == Kind.STRING && !path;
            case EQUALS -> true;
            default -> kind != Kind.BOOLEAN;
        };
        return valid ? Optional.of(new Comparison(kind, relation, path)) : Optional.empty();
    }

    /**
     * @return whether {@code value} relates to {@code operand}: false when the value is not of the operator's type
     *         (checked first, so a variable of another type never matches whatever the operand); empty when the
     *         operand is not of the operator's type (for a literal an invalid rule, for a path operand no match)
     */
    Optional<Boolean> test(JsonNode value, JsonNode operand) {
        if (!fits(value)) {
            return Optional.of(false);
        }
        if (!fits(operand)) {
            return Optional.empty();
        }
        return Optional.of(switch (kind) {
            case STRING -> relation == Relation.MATCHES
                    ? StringPattern.matches(operand.textValue(), value.textValue())
                    : holds(value.textValue().compareTo(operand.textValue()));
            case NUMERIC -> holds(value.decimalValue().compareTo(operand.decimalValue()));
            case BOOLEAN -> value.booleanValue() == operand.booleanValue();
            case TIMESTAMP -> holds(Timestamps.parse(value.textValue()).orElseThrow()
                    .compareTo(Timestamps.parse(operand.textValue()).orElseThrow()));
        });
    }

    /** The JSON type a literal operand needs (a timestamp literal's format is only checked when it is compared). */
    boolean acceptsLiteral(JsonNode literal) {
        return switch (kind) {
            case STRING, TIMESTAMP -> literal.isTextual();
            case NUMERIC -> literal.isNumber();
            case BOOLEAN -> literal.isBoolean();
        };
    }

    private boolean fits(JsonNode node) {
        return switch (kind) {
            case STRING -> node.isTextual();
            case NUMERIC -> node.isNumber();
            case BOOLEAN -> node.isBoolean();
            case TIMESTAMP -> node.isTextual() && Timestamps.parse(node.textValue()).isPresent();
        };
    }

    private boolean holds(int comparison) {
        return switch (relation) {
            case EQUALS -> comparison == 0;
            case LESS_THAN -> comparison < 0;
            case GREATER_THAN -> comparison > 0;
            case LESS_THAN_EQUALS -> comparison <= 0;
            case GREATER_THAN_EQUALS -> comparison >= 0;
            case MATCHES -> throw new IllegalStateException("MATCHES is not an ordering");
        };
    }
}
