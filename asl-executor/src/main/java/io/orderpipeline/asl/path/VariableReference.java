package io.orderpipeline.asl.path;

/**
 * A reference to a workflow variable in a JSONPath field: {@code $name}, {@code $name.field}, {@code $name[0].x}
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). The name follows {@code $} directly
 * (no {@code .}); {@code $.x} and {@code $$.x} are not variable references.
 *
 * @param name the variable's name
 * @param rest what follows the name (empty, or starting with {@code .} or {@code [}); applied as a JSONPath to the
 *             variable's value
 */
public record VariableReference(String name, String rest) {

    /** The reference {@code text} spells, or null when it is not a variable reference. */
    public static VariableReference parse(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '$' || !isNameStart(text.codePointAt(1))) {
            return null;
        }
        int end = 1 + Character.charCount(text.codePointAt(1));
        while (end < text.length() && isNamePart(text.codePointAt(end))) {
            end += Character.charCount(text.codePointAt(end));
        }
        return new VariableReference(text.substring(1, end), text.substring(end));
    }

    /** A variable name: a Unicode identifier (letters, digits, underscores; not starting with a digit). */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || !isNameStart(name.codePointAt(0))) {
            return false;
        }
        return name.codePoints().skip(1).allMatch(VariableReference::isNamePart);
    }

    static boolean isNameStart(int codePoint) {
        return codePoint == '_' || Character.isUnicodeIdentifierStart(codePoint);
    }

    static boolean isNamePart(int codePoint) {
        return codePoint == '_' || (Character.isUnicodeIdentifierPart(codePoint) && !Character.isIdentifierIgnorable(codePoint));
    }

    /** The JSONPath applied to the variable's value, or null when the reference is the whole value. */
    public String pathInValue() {
        return rest.isEmpty() ? null : "$" + rest;
    }
}
