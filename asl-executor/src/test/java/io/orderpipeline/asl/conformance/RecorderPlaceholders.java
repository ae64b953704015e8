package io.orderpipeline.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comparison rules of {@code ../shared/conformance/README.md} for an AWS-recorded case: the recorder replaced
 * values that change from run to run, so in an expected string
 * <ul>
 *   <li>a token {@code <…>} stands for any non-empty text, and a token ending in {@code _<n>idx>} for the same text
 *       everywhere in one case;</li>
 *   <li>{@code 111111111111} stands for any 12-digit account id;</li>
 *   <li>{@code date} stands for itself or an ISO-8601 timestamp;</li>
 *   <li>a whole value {@code "timestamp"} or {@code "datetime"} stands for any value.</li>
 * </ul>
 * Numbers compare by value ({@code 1} equals {@code 1.0}), {@code true} is not {@code 1}, everything else exactly.
 * One instance per case: it remembers what each indexed token stood for.
 */
final class RecorderPlaceholders {

    private static final Pattern MARKER = Pattern.compile("<[^<>\\s]+>|111111111111|\\bdate\\b");
    private static final String TIMESTAMP =
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?";

    private final Map<String, String> bound = new HashMap<>();

    /** Null when {@code actual} matches {@code expected}, else where and how they differ. */
    String mismatch(JsonNode expected, JsonNode actual) {
        return mismatch("$", expected, actual);
    }

    private String mismatch(String at, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return expected == actual ? null : at + ": expected " + expected + " but was " + actual;
        }
        if (expected.isTextual() && (expected.textValue().equals("timestamp") || expected.textValue().equals("datetime"))) {
            return null;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null
                    : at + ": expected " + expected + " but was " + actual;
        }
        if (expected.isTextual() && actual.isTextual()) {
            return matches(expected.textValue(), actual.textValue()) ? null
                    : at + ": expected \"" + expected.textValue() + "\" but was \"" + actual.textValue() + "\"";
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return at + ": expected " + expected + " but was " + actual;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return at + ": expected " + expected.size() + " elements " + expected + " but was " + actual;
            }
            for (int i = 0; i < expected.size(); i++) {
                String inner = mismatch(at + "[" + i + "]", expected.get(i), actual.get(i));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (expected.isObject()) {
            var names = new java.util.TreeSet<String>();
            expected.fieldNames().forEachRemaining(names::add);
            var actualNames = new java.util.TreeSet<String>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            if (!names.equals(actualNames)) {
                return at + ": expected fields " + names + " but was " + actualNames + " in " + actual;
            }
            for (String name : names) {
                String inner = mismatch(at + "." + name, expected.get(name), actual.get(name));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : at + ": expected " + expected + " but was " + actual;
    }

    /** Whether {@code actual} is {@code expected} with its placeholders filled in (binding indexed tokens). */
    boolean matches(String expected, String actual) {
        Matcher markers = MARKER.matcher(expected);
        if (!markers.find()) {
            return expected.equals(actual);
        }
        markers.reset();
        var regex = new StringBuilder();
        var newTokens = new java.util.ArrayList<String>();
        var groups = new HashMap<String, String>();
        int last = 0;
        while (markers.find()) {
            regex.append(Pattern.quote(expected.substring(last, markers.start())));
            String token = markers.group();
            if (token.equals("111111111111")) {
                regex.append("\\d{12}");
            } else if (token.equals("date")) {
                regex.append("(?:date|").append(TIMESTAMP).append(")");
            } else if (token.endsWith("idx>") && bound.containsKey(token)) {
                regex.append(Pattern.quote(bound.get(token)));
            } else if (token.endsWith("idx>") && groups.containsKey(token)) {
                regex.append("\\k<").append(groups.get(token)).append(">");
            } else if (token.endsWith("idx>")) {
                String group = "t" + groups.size();
                groups.put(token, group);
                regex.append("(?<").append(group).append(">.+?)");
                newTokens.add(token);
            } else {
                regex.append(".+?");
            }
            last = markers.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher match = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual);
        if (!match.matches()) {
            return false;
        }
        for (String token : newTokens) {
            bound.put(token, match.group(groups.get(token)));
        }
        return true;
    }
}
