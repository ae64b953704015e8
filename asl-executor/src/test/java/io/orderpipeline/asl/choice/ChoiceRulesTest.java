package io.orderpipeline.asl.choice;

import static io.orderpipeline.asl.testsupport.SimplePaths.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.testsupport.SimplePaths;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChoiceRulesTest {

    private static boolean matches(String rule, String input) {
        return ChoiceRules.matches(json(rule), SimplePaths.over(input));
    }

    /** Evaluates {"Variable": "$.v", operator: operand} against {"v": value, "other": other}. */
    private static boolean compare(String operator, String operand, String value) {
        return matches("{\"Variable\": \"$.v\", \"" + operator + "\": " + operand + ", \"Next\": \"X\"}",
                "{\"v\": " + value + ", \"other\": " + operand + "}");
    }

    private static boolean comparePath(String operator, String operand, String value) {
        return matches("{\"Variable\": \"$.v\", \"" + operator + "Path\": \"$.other\"}",
                "{\"v\": " + value + ", \"other\": " + operand + "}");
    }

    private static void assertRuntimeError(String rule, String input, String causeFragment) {
        assertThatThrownBy(() -> matches(rule, input))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains(causeFragment);
                });
    }

    @Nested
    class Strings {

        @ParameterizedTest(name = "{1} {0} {2} -> {3}")
        @CsvSource(delimiter = '|', value = {
                "StringEquals            | \"Hello\" | \"Hello\"  | true",
                "StringEquals            | \"     \" | \" \"      | false",
                "StringEquals            | \"A\"     | \"a\"      | false",
                "StringLessThan          | \"B\"     | \"A\"      | true",
                "StringLessThan          | \"\"      | \"\"       | false",
                "StringGreaterThan       | \"AB\"    | \"ABC\"    | true",
                "StringGreaterThan       | \"A \"    | \"A\"      | false",
                "StringLessThanEquals    | \"AB\"    | \"A\"      | true",
                "StringLessThanEquals    | \"A\"     | \"AB\"     | false",
                "StringGreaterThanEquals | \"\"      | \"\"       | true",
                "StringGreaterThanEquals | \"AB\"    | \"A\"      | false"})
        void compareLexicographically(String operator, String operand, String value, boolean expected) {
            assertThat(compare(operator, operand, value)).isEqualTo(expected);
            assertThat(comparePath(operator, operand, value)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} against {1} -> {2}")
        @CsvSource(delimiter = '|', value = {
                "log-*.txt       | log-2024-01.txt | true",
                "log-*.txt       | log-.txt        | true",
                "log-*.txt       | log-1.csv       | false",
                "*               | anything        | true",
                "a\\\\*b         | a*b             | true",
                "a\\\\*b         | axb             | false",
                "*.[a-z]         | x.[a-z]         | true",
                "*.[a-z]         | x.b             | false",
                "*.json          | incoming/a.json | true",
                "*.json          | incoming/a.jsonl| false",
                "*.jsonl         | incoming/a.jsonl| true"})
        void matchWildcardsWithEscapedStars(String pattern, String value, boolean expected) {
            var rule = "{\"Variable\": \"$.v\", \"StringMatches\": \"" + pattern + "\"}";
            assertThat(matches(rule, "{\"v\": \"" + value + "\"}")).isEqualTo(expected);
        }

        @Test
        void neverMatchAValueOfAnotherType() {
            for (var value : new String[] {"0", "1.1", "true", "null", "[]", "[\"Hello\"]", "{\"A\": 0}"}) {
                assertThat(compare("StringEquals", "\"Hello\"", value)).as(value).isFalse();
                assertThat(compare("StringMatches", "\"*\"", value)).as(value).isFalse();
            }
        }
    }

    @Nested
    class Numbers {

        @ParameterizedTest(name = "{2} {0} {1} -> {3}")
        @CsvSource(delimiter = '|', value = {
                "NumericEquals            | 1    | 1.0  | true",
                "NumericEquals            | 0    | 0.0  | true",
                "NumericEquals            | 2.22 | 2.22 | true",
                "NumericEquals            | 1    | 1.1  | false",
                "NumericLessThan          | 0    | 0    | false",
                "NumericLessThan          | 1    | 0    | true",
                "NumericGreaterThan       | 0    | 1    | true",
                "NumericGreaterThan       | 1    | 1    | false",
                "NumericLessThanEquals    | 1    | 1    | true",
                "NumericLessThanEquals    | 0    | 1    | false",
                "NumericGreaterThanEquals | 0    | 0.0  | true",
                "NumericGreaterThanEquals | 1    | 0    | false"})
        void compareByValue(String operator, String operand, String value, boolean expected) {
            assertThat(compare(operator, operand, value)).isEqualTo(expected);
            assertThat(comparePath(operator, operand, value)).isEqualTo(expected);
        }

        @Test
        void neverMatchAValueOfAnotherType() {
            for (var value : new String[] {"\"1\"", "\"\"", "true", "null", "[]", "[1]", "{}"}) {
                assertThat(compare("NumericEquals", "1", value)).as(value).isFalse();
                assertThat(comparePath("NumericEquals", "1", value)).as(value).isFalse();
            }
        }
    }

    @Nested
    class Booleans {

        @Test
        void matchOnlyRealBooleans() {
            assertThat(compare("BooleanEquals", "true", "true")).isTrue();
            assertThat(compare("BooleanEquals", "false", "false")).isTrue();
            assertThat(compare("BooleanEquals", "true", "false")).isFalse();
            assertThat(comparePath("BooleanEquals", "false", "false")).isTrue();
            for (var value : new String[] {"1", "0", "\"true\"", "null", "[]", "{}"}) {
                assertThat(compare("BooleanEquals", "true", value)).as(value).isFalse();
                assertThat(compare("BooleanEquals", "false", value)).as(value).isFalse();
            }
        }
    }

    @Nested
    class Timestamps {

        @ParameterizedTest(name = "{2} {0} {1} -> {3}")
        @CsvSource(delimiter = '|', value = {
                "TimestampEquals            | \"2016-08-18T17:33:00Z\"      | \"2016-08-18T19:33:00+02:00\" | true",
                "TimestampEquals            | \"2016-08-18T17:33:00Z\"      | \"2016-08-18T17:33:00.000Z\"  | true",
                "TimestampLessThan          | \"2016-08-18T17:33:00Z\"      | \"2016-08-18T17:32:59.999Z\"  | true",
                "TimestampGreaterThan       | \"2016-08-18T17:33:00Z\"      | \"2016-08-18T17:33:00Z\"      | false",
                "TimestampLessThanEquals    | \"2016-08-18T17:33:00Z\"      | \"2016-08-18T17:33:00Z\"      | true",
                "TimestampGreaterThanEquals | \"2016-08-18T17:33:00Z\"      | \"2020-01-01T00:00:00-05:00\" | true"})
        void compareInstants(String operator, String operand, String value, boolean expected) {
            assertThat(compare(operator, operand, value)).isEqualTo(expected);
            assertThat(comparePath(operator, operand, value)).isEqualTo(expected);
        }

        @Test
        void treatDatesWithoutZoneOrWithLowercaseLettersAsNoTimestamp() {
            for (var value : new String[] {"\"2012-10-09T19:00:55\"", "\"2023-02-24\"", "\"2016-08-18t17:33:00z\"",
                    "\"2016-08-18 17:33:00Z\"", "\"2016-02-30T00:00:00Z\"", "0", "true", "{}"}) {
                assertThat(compare("TimestampEquals", "\"2016-08-18T17:33:00Z\"", value)).as(value).isFalse();
                assertThat(matches("{\"Variable\": \"$.v\", \"IsTimestamp\": true}", "{\"v\": " + value + "}"))
                        .as(value).isFalse();
            }
            assertThat(matches("{\"Variable\": \"$.v\", \"IsTimestamp\": true}", "{\"v\": \"2016-08-18T17:33:00Z\"}"))
                    .isTrue();
        }
    }

    @Nested
    class TypeTests {

        @ParameterizedTest(name = "{0} on {1} -> {2}")
        @CsvSource(delimiter = '|', value = {
                "IsNull    | null     | true",
                "IsNull    | false    | false",
                "IsNull    | \"\"     | false",
                "IsNumeric | 0        | true",
                "IsNumeric | 1.1      | true",
                "IsNumeric | \"1\"    | false",
                "IsString  | \"\"     | true",
                "IsString  | null     | false",
                "IsString  | [\"\"]   | false",
                "IsBoolean | false    | true",
                "IsBoolean | 0.0      | false",
                "IsPresent | null     | true",
                "IsPresent | {}       | true"})
        void checkTheValueType(String operator, String value, boolean isType) {
            var input = "{\"v\": " + value + "}";
            assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": true}", input)).isEqualTo(isType);
            assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": false}", input)).isEqualTo(!isType);
        }

        @Test
        void isPresentIsFalseForAMissingField() {
            assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{}")).isTrue();
            assertThat(matches("{\"Variable\": \"$.items[0]\", \"IsPresent\": true}", "{\"items\": []}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.items[1]\", \"IsPresent\": true}", "{\"items\": [1]}")).isFalse();
            assertThat(matches("{\"Variable\": \"$.items[0]\", \"IsPresent\": true}", "{\"items\": [null]}")).isTrue();
        }
    }

    @Nested
    class BooleanLogic {

        private static final String INPUT = "{\"type\": \"Private\", \"value\": 25, \"rating\": 3}";

        @Test
        void combinesRulesLikeTheDeveloperGuideExamples() {
            var and = "{\"And\": [{\"Variable\": \"$.value\", \"NumericGreaterThanEquals\": 20},"
                    + " {\"Variable\": \"$.value\", \"NumericLessThan\": 30}], \"Next\": \"ValueInTwenties\"}";
            assertThat(matches(and, INPUT)).isTrue();
            assertThat(matches(and, "{\"value\": 30}")).isFalse();

            var not = "{\"Not\": {\"Variable\": \"$.type\", \"StringEquals\": \"Private\"}, \"Next\": \"Public\"}";
            assertThat(matches(not, INPUT)).isFalse();

            var or = "{\"Or\": [{\"Variable\": \"$.rating\", \"NumericLessThan\": 2},"
                    + " {\"Variable\": \"$.type\", \"StringEquals\": \"Private\"}]}";
            assertThat(matches(or, INPUT)).isTrue();
        }

        @Test
        void shortCircuitsSoAGuardProtectsALaterComparison() {
            var guarded = "{\"And\": [{\"Variable\": \"$.missing\", \"IsPresent\": true},"
                    + " {\"Variable\": \"$.missing\", \"NumericEquals\": 1}]}";
            assertThat(matches(guarded, INPUT)).isFalse();
        }

        @Test
        void nestsArbitrarily() {
            var rule = "{\"Not\": {\"Or\": [{\"Not\": {\"Variable\": \"$.rating\", \"NumericEquals\": 3}},"
                    + " {\"And\": [{\"Variable\": \"$.type\", \"StringMatches\": \"P*\"}, {\"Variable\": \"$.value\","
                    + " \"NumericLessThan\": 0}]}]}}";
            assertThat(matches(rule, INPUT)).isTrue();
        }
    }

    @Nested
    class Failures {

        @Test
        void aMissingVariableIsARuntimeError() {
            assertRuntimeError("{\"Variable\": \"$.missing\", \"StringEquals\": \"x\"}", "{}",
                    "Invalid path '$.missing': The choice state's condition path references an invalid value.");
            assertRuntimeError("{\"Variable\": \"$.missing\", \"IsNull\": true}", "{}", "Invalid path '$.missing'");
        }

        @Test
        void aMissingOperandPathIsARuntimeError() {
            assertRuntimeError("{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.nope\"}", "{\"v\": 1}",
                    "Invalid path '$.nope'");
        }

        @Test
        void validationRejectsMalformedRulesWithoutEvaluating() {
            ChoiceRules.validate(json("{\"And\": [{\"Variable\": \"$.missing\", \"IsPresent\": true},"
                    + " {\"Not\": {\"Variable\": \"$.t\", \"TimestampEqualsPath\": \"$.u\"}}]}"));
            for (var rule : new String[] {
                    "{\"Variable\": \"$.v\", \"NumericEquals\": \"1\"}",
                    "{\"Variable\": \"$.v\", \"StringEqualsPath\": \"v\"}",
                    "{\"Variable\": \"v\", \"IsNull\": true}",
                    "{\"Or\": [{\"Variable\": \"$.v\", \"StringMatchesPath\": \"$.p\"}]}",
                    "{\"Not\": {\"Variable\": \"$.v\", \"BooleanEquals\": 1}}"}) {
                assertThatThrownBy(() -> ChoiceRules.validate(json(rule))).as(rule)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Invalid Choice rule");
            }
        }

        @Test
        void malformedRulesAreRuntimeErrors() {
            assertRuntimeError("{\"Variable\": \"$.v\", \"NumberEquals\": 1}", "{\"v\": 1}", "unknown comparison");
            assertRuntimeError("{\"Variable\": \"$.v\", \"BooleanLessThan\": true}", "{\"v\": true}",
                    "unknown comparison");
            assertRuntimeError("{\"Variable\": \"$.v\"}", "{\"v\": 1}", "exactly one operator");
            assertRuntimeError("{\"NumericEquals\": 1}", "{}", "needs a Variable");
            assertRuntimeError("{\"Variable\": \"$.v\", \"NumericEquals\": \"1\"}", "{\"v\": 1}", "cannot compare");
            assertRuntimeError("{\"Variable\": \"$.v\", \"IsNull\": \"yes\"}", "{\"v\": 1}", "takes true or false");
            assertRuntimeError("{\"And\": []}", "{}", "non-empty array");
        }
    }
}
