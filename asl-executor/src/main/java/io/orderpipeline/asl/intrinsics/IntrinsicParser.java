package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderpipeline.items.ExactDecimalNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the intrinsic function grammar: {@code States.Name(arg, …)} where an argument is a string literal in single
 * quotes (escapes {@code \'}, {@code \{}, {@code \}}, {@code \\}), a number, {@code true}, {@code false},
 * {@code null}, a path starting with {@code $}, or another call.
 */
final class IntrinsicParser {

    /** AWS allows up to 10 intrinsic functions nested within one field. */
    static final int MAX_NESTING = 10;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private int pos;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    static IntrinsicExpression.Call parse(String expression) {
        var parser = new IntrinsicParser(expression);
        parser.skipSpace();
        var call = parser.call(1);
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the closing parenthesis");
        }
        return call;
    }

    private IntrinsicExpression.Call call(int depth) {
        if (depth > MAX_NESTING) {
            throw error("more than " + MAX_NESTING + " nested intrinsic functions");
        }
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '_')) {
            pos++;
        }
        var name = text.substring(start, pos);
        if (!name.startsWith("States.") || name.length() == "States.".length()) {
            pos = start;
            throw error("expected an intrinsic function name such as States.Format");
        }
        skipSpace();
        expect('(');
        var arguments = new ArrayList<IntrinsicExpression>();
        skipSpace();
        if (!atEnd() && peek() == ')') {
            pos++;
            return new IntrinsicExpression.Call(name, List.copyOf(arguments));
        }
        while (true) {
            skipSpace();
            arguments.add(argument(depth));
            skipSpace();
            if (atEnd()) {
                throw error("missing closing parenthesis of " + name);
            }
            char c = text.charAt(pos++);
            if (c == ')') {
                return new IntrinsicExpression.Call(name, List.copyOf(arguments));
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ')'");
            }
        }
    }

    private IntrinsicExpression argument(int depth) {
        if (atEnd()) {
            throw error("missing argument");
        }
        char c = peek();
        if (c == '\'') {
            return stringLiteral();
        }
        if (c == '$') {
            return new IntrinsicExpression.Path(path());
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        if (text.startsWith("States.", pos)) {
            return call(depth + 1);
        }
        for (var keyword : List.of("true", "false", "null")) {
            if (text.startsWith(keyword, pos) && isArgumentEnd(pos + keyword.length())) {
                pos += keyword.length();
                JsonNode value = switch (keyword) {
                    case "true" -> NODES.booleanNode(true);
                    case "false" -> NODES.booleanNode(false);
                    default -> NODES.nullNode();
                };
                return new IntrinsicExpression.Literal(value, null);
            }
        }
        throw error("unexpected argument");
    }

    private IntrinsicExpression stringLiteral() {
        int start = pos;
        pos++; // opening quote
        var value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                pos = start;
                throw error("unterminated string literal");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                break;
            }
            if (c == '\\') {
                if (atEnd()) {
                    pos = start;
                    throw error("unterminated string literal");
                }
                char escaped = text.charAt(pos++);
                if (escaped != '\'' && escaped != '{' && escaped != '}' && escaped != '\\') {
                    pos -= 2;
                    throw error("invalid escape sequence \\" + escaped + " (only \\', \\{, \\} and \\\\ are allowed)");
                }
                value.append(escaped);
            } else {
                value.append(c);
            }
        }
        var source = text.substring(start + 1, pos - 1);
        return new IntrinsicExpression.Literal(NODES.textNode(value.toString()), source);
    }

    private IntrinsicExpression number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (!atEnd() && (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E'
                || ((peek() == '+' || peek() == '-') && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        var literal = text.substring(start, pos);
        if (!literal.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?") || !isArgumentEnd(pos)) {
            pos = start;
            throw error("invalid number literal");
        }
        var decimal = new BigDecimal(literal);
        boolean integral = !literal.contains(".") && !literal.contains("e") && !literal.contains("E");
        if (integral) {
            var big = decimal.toBigIntegerExact();
            JsonNode value = big.bitLength() < 32 ? NODES.numberNode(big.intValue())
                    : big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
            return new IntrinsicExpression.Literal(value, null);
        }
        return new IntrinsicExpression.Literal(ExactDecimalNode.of(literal), null);
    }

    /** A path runs to the next ',' or ')' outside brackets, parentheses (filters) and quotes. */
    private String path() {
        int start = pos;
        int depth = 0;
        char quote = 0;
        while (!atEnd()) {
            char c = peek();
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || (c == ')' && depth > 0)) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                break;
            }
            pos++;
        }
        var path = text.substring(start, pos).strip();
        if (quote != 0 || depth != 0) {
            pos = start;
            throw error("unbalanced brackets or quotes in path");
        }
        return path;
    }

    private boolean isArgumentEnd(int index) {
        int i = index;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i >= text.length() || text.charAt(i) == ',' || text.charAt(i) == ')';
    }

    private void expect(char c) {
        if (atEnd() || peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private IntrinsicException error(String problem) {
        return new IntrinsicException("Invalid intrinsic function syntax: " + problem + " at position " + pos + ".");
    }
}
