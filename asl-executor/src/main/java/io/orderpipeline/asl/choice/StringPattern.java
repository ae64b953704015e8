package io.orderpipeline.asl.choice;

import java.util.regex.Pattern;

/** A {@code StringMatches} pattern: {@code *} matches any run of characters, {@code \*} a literal star. */
final class StringPattern {

    private StringPattern() {
    }

    static boolean matches(String pattern, String value) {
        return toRegex(pattern).matcher(value).matches();
    }

    private static Pattern toRegex(String pattern) {
        var regex = new StringBuilder();
        var literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length() && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '\\')) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                flush(regex, literal);
                regex.append(".*");
            } else {
                literal.append(c);
            }
        }
        flush(regex, literal);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
