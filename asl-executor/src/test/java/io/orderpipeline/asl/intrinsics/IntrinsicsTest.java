package io.orderpipeline.asl.intrinsics;

import static io.orderpipeline.asl.testsupport.SimplePaths.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.testsupport.SimplePaths;
import java.util.HashSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntrinsicsTest {

    private static JsonNode eval(String expression, String input) {
        return Intrinsics.evaluate(expression, SimplePaths.over(input));
    }

    private static JsonNode eval(String expression) {
        return eval(expression, "{}");
    }

    /** AWS reports a failing intrinsic as States.Runtime, naming the whole expression and then the problem. */
    private static void assertFails(String expression, String input, String causeFragment) {
        assertThatThrownBy(() -> eval(expression, input))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).startsWith("The function '" + expression + "' had the following error: ")
                            .contains(causeFragment);
                });
    }

    @Test
    void recognisesIntrinsicCallsButNotPaths() {
        assertThat(Intrinsics.isIntrinsic("States.Array($.a)")).isTrue();
        assertThat(Intrinsics.isIntrinsic("$.States")).isFalse();
        assertThat(Intrinsics.isIntrinsic("$$.Execution.Id")).isFalse();
    }

    @Nested
    class Grammar {

        @Test
        void readsEveryLiteralKind() {
            assertThat(eval("States.Array('text', 12, -3, 1.5, true, false, null)"))
                    .isEqualTo(json("[\"text\", 12, -3, 1.5, true, false, null]"));
        }

        @Test
        void unescapesQuotesBracesAndBackslashesInStringLiterals() {
            assertThat(eval("States.Array('it\\'s', '\\{x\\}', 'back\\\\slash')"))
                    .isEqualTo(json("[\"it's\", \"{x}\", \"back\\\\slash\"]"));
        }

        @Test
        void keepsCommasAndParenthesesInsideStringLiterals() {
            assertThat(eval("States.Array('a, b)', 'c')")).isEqualTo(json("[\"a, b)\", \"c\"]"));
        }

        @Test
        void resolvesInputAndContextPaths() {
            var paths = SimplePaths.over(json("{\"a\": {\"b\": [10, 20]}}"),
                    json("{\"Execution\": {\"Name\": \"run-1\"}}"));
            assertThat(Intrinsics.evaluate("States.Array($.a.b[1], $$.Execution.Name, $)", paths))
                    .isEqualTo(json("[20, \"run-1\", {\"a\": {\"b\": [10, 20]}}]"));
        }

        @Test
        void toleratesWhitespaceAroundArguments() {
            assertThat(eval("States.MathAdd(  $.x ,\t2 )", "{\"x\": 1}")).isEqualTo(json("3"));
        }

        @Test
        void evaluatesNestedCallsInsideOut() {
            var expression = "States.ArrayGetItem(States.StringSplit($.name, '-'), "
                    + "States.MathAdd(States.ArrayLength(States.StringSplit($.name, '-')), -1))";
            assertThat(eval(expression, "{\"name\": \"order-pipeline-main\"}")).isEqualTo(json("\"main\""));
        }

        /** The developer guide's nine-function example; its template there has a third '{}' with no value for it. */
        @Test
        void evaluatesTheNineLevelExampleFromTheDeveloperGuide() {
            var expression = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
                    + "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem("
                    + "States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
            var input = "{\"ImageRecipe\": {\"Arn\": \"arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/"
                    + "my-recipe.v2/1.0.0\"}}";
            assertThat(eval(expression, input)).isEqualTo(json("\"1.0\""));
        }

        @Test
        void rejectsMoreThanTenNestedCalls() {
            var expression = "States.Array(".repeat(11) + ")".repeat(11);
            assertFails(expression, "{}", "more than 10 nested");
            assertThat(eval("States.Array(".repeat(10) + ")".repeat(10)).toString())
                    .isEqualTo("[".repeat(10) + "]".repeat(10));
        }

        @ParameterizedTest
        @ValueSource(strings = {"States.Array('open", "States.Array(1", "States.Array(1) x", "States.Array(1 2)",
                "States.Array('a\\nb')", "States.Array(tru)", "States.Array(01)", "States.(1)", "States.Array(,)"})
        void rejectsMalformedCalls(String expression) {
            assertFails(expression, "{}", "Invalid intrinsic function syntax");
        }

        @Test
        void rejectsUnknownFunctions() {
            assertFails("States.Compare($.a, $.b)", "{\"a\": 1, \"b\": 2}", "States.Compare does not exist");
        }

        @Test
        void validatesWithoutEvaluating() {
            Intrinsics.validate("States.Format('{}', States.ArrayGetItem($.missing, 3))");
            assertThatThrownBy(() -> Intrinsics.validate("States.Array(States.Nope(1))"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("The function 'States.Array(States.Nope(1))' is invalid: "
                            + "The intrinsic function States.Nope does not exist.");
            assertThatThrownBy(() -> Intrinsics.validate("States.Array('open"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated string literal");
        }

        @Test
        void reportsAMissingPathArgumentWithTheWholeExpressionAndTheInput() {
            assertThatThrownBy(() -> eval("States.Format('{}', States.Array($.nope))", "{\"other\": 1}"))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).isEqualTo("The function 'States.Format('{}', States.Array($.nope))' had "
                                + "the following error: The JsonPath argument for the field '$.nope' could not be "
                                + "found in the input '{\"other\":1}'");
                    });
        }
    }

    @Nested
    class Format {

        @Test
        void substitutesValuesInOrder() {
            assertThat(eval("States.Format('Hello, my name is {}.', $.name)", "{\"name\": \"Arnav\"}"))
                    .isEqualTo(json("\"Hello, my name is Arnav.\""));
        }

        @Test
        void takesTheTemplateFromAPath() {
            assertThat(eval("States.Format($.template, $.name)",
                    "{\"name\": \"Arnav\", \"template\": \"Hello, my name is {}.\"}"))
                    .isEqualTo(json("\"Hello, my name is Arnav.\""));
        }

        @Test
        void rendersNumbersNullsAndContainersTheWayStepFunctionsDoes() {
            var input = "{\"n\": 1, \"d\": 1.1, \"z\": null, \"b\": true, \"o\": {\"Arg1\": 1, \"Arg2\": []},"
                    + " \"a\": [\"x\", {\"k\": \"v\"}]}";
            assertThat(eval("States.Format('{} {} {} {} {} {}', $.n, $.d, $.z, $.b, $.o, $.a)", input))
                    .isEqualTo(json("\"1 1.1 null true {Arg1=1, Arg2=[]} [x, {k=v}]\""));
        }

        @Test
        void keepsEscapedBracesLiteral() {
            assertThat(eval("States.Format('\\{\\} is not {}', 'a placeholder')"))
                    .isEqualTo(json("\"{} is not a placeholder\""));
        }

        @Test
        void failsWhenPlaceholdersAndValuesDisagree() {
            assertFails("States.Format('{} and {}', 'one')", "{}", "2 placeholder(s)");
            assertFails("States.Format('none', 'extra')", "{}", "0 placeholder(s)");
        }

        @Test
        void failsWhenTheTemplateIsNotAString() {
            assertFails("States.Format($.n)", "{\"n\": 5}", "argument 1 to be a string");
        }
    }

    @Nested
    class Arrays {

        @Test
        void buildsArraysOfAnyValues() {
            assertThat(eval("States.Array()")).isEqualTo(json("[]"));
            assertThat(eval("States.Array($.Id)", "{\"Id\": 123456}")).isEqualTo(json("[123456]"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "[1,2,3,4,5,6,7,8,9] | 4 | [[1,2,3,4],[5,6,7,8],[9]]",
                "[0,1,2,3]           | 2 | [[0,1],[2,3]]",
                "[0,1]               | 5 | [[0,1]]",
                "[]                  | 1 | []"})
        void partitionsIntoChunks(String array, int size, String expected) {
            assertThat(eval("States.ArrayPartition($.a, $.n)", "{\"a\": " + array + ", \"n\": " + size + "}"))
                    .isEqualTo(json(expected));
        }

        @Test
        void rejectsANonPositiveChunkSize() {
            assertFails("States.ArrayPartition($.a, 0)", "{\"a\": [1]}", "greater than 0");
            assertFails("States.ArrayPartition($.a, 1.5)", "{\"a\": [1]}", "to be an integer");
            assertFails("States.ArrayPartition('x', 1)", "{}", "to be an array");
        }

        @Test
        void findsValuesIncludingObjectsAndNumbersByValue() {
            var input = "{\"a\": [1, 2.0, {\"k\": [true]}], \"o\": {\"k\": [true]}}";
            assertThat(eval("States.ArrayContains($.a, $.o)", input).booleanValue()).isTrue();
            assertThat(eval("States.ArrayContains($.a, 2)", input).booleanValue()).isTrue();
            assertThat(eval("States.ArrayContains($.a, 3)", input).booleanValue()).isFalse();
            assertThat(eval("States.ArrayContains($.a, null)", input).booleanValue()).isFalse();
        }

        @Test
        void buildsInclusiveRanges() {
            assertThat(eval("States.ArrayRange(1, 9, 2)")).isEqualTo(json("[1,3,5,7,9]"));
            assertThat(eval("States.ArrayRange(0, 9, 3)")).isEqualTo(json("[0,3,6,9]"));
            assertThat(eval("States.ArrayRange(1, 9, 9)")).isEqualTo(json("[1]"));
            assertThat(eval("States.ArrayRange(5, 1, -2)")).isEqualTo(json("[5,3,1]"));
            assertThat(eval("States.ArrayRange(0, 999, 1)").size()).isEqualTo(1000);
        }

        @Test
        void capsRangesAtOneThousandItems() {
            assertFails("States.ArrayRange(0, 1000, 1)", "{}", "at most 1000 items");
            assertFails("States.ArrayRange(0, 10, 0)", "{}", "other than 0");
        }

        @Test
        void getsItemsByIndex() {
            assertThat(eval("States.ArrayGetItem($.inputArray, $.index)",
                    "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"index\": 5}")).isEqualTo(json("6"));
            assertFails("States.ArrayGetItem($.a, 3)", "{\"a\": [1,2,3]}", "out of bounds");
            assertFails("States.ArrayGetItem($.a, -1)", "{\"a\": [1,2,3]}", "out of bounds");
        }

        @Test
        void measuresAndDeduplicates() {
            assertThat(eval("States.ArrayLength($.a)", "{\"a\": [1,2,3,4,5,6,7,8,9]}")).isEqualTo(json("9"));
            assertThat(eval("States.ArrayUnique($.a)", "{\"a\": [1,2,3,3,3,3,3,3,4]}")).isEqualTo(json("[1,2,3,4]"));
            assertThat(eval("States.ArrayUnique($.a)", "{\"a\": [{\"x\": 1}, 1.0, {\"x\": 1}, 1, \"1\"]}"))
                    .isEqualTo(json("[{\"x\": 1}, 1.0, \"1\"]"));
        }
    }

    @Nested
    class EncodingAndHashing {

        @Test
        void roundTripsBase64() {
            assertThat(eval("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}"))
                    .isEqualTo(json("\"RGF0YSB0byBlbmNvZGU=\""));
            assertThat(eval("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}"))
                    .isEqualTo(json("\"Data to encode\""));
            assertThat(eval("States.Base64Decode('')")).isEqualTo(json("\"\""));
        }

        @Test
        void rejectsInvalidOrOversizedBase64Input() {
            assertFails("States.Base64Decode('not base64!')", "{}", "not valid Base64");
            var big = "{\"s\": \"" + "a".repeat(10_001) + "\"}";
            assertFails("States.Base64Encode($.s)", big, "at most 10000 characters");
        }

        /** MD5, SHA-1, SHA-384 and SHA-512 as recorded against AWS; SHA-256 is the standard digest of the same input. */
        @ParameterizedTest
        @CsvSource({
                "MD5, 812f45842bc6d66ee14572ce20db8e86",
                "SHA-1, aaff4a450a104cd177d28d18d74485e8cae074b7",
                "SHA-256, b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
                "SHA-384, d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
                "SHA-512, 6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"})
        void hashesWithTheNamedAlgorithm(String algorithm, String expectedHex) {
            assertThat(eval("States.Hash($.Data, $.Algorithm)",
                    "{\"Data\": \"input data\", \"Algorithm\": \"" + algorithm + "\"}"))
                    .isEqualTo(json("\"" + expectedHex + "\""));
        }

        @Test
        void rejectsUnknownHashAlgorithms() {
            assertFails("States.Hash('x', 'SHA-3')", "{}", "does not support the hash algorithm 'SHA-3'");
        }
    }

    @Nested
    class Json {

        @Test
        void parsesJsonStrings() {
            assertThat(eval("States.StringToJson($.escapedJsonString)",
                    "{\"escapedJsonString\": \"{\\\"foo\\\": \\\"bar\\\"}\"}")).isEqualTo(json("{\"foo\": \"bar\"}"));
            assertThat(eval("States.StringToJson(' ')").isNull()).isTrue();
            // The pipeline turns deploy-time parameters into numbers this way: States.StringToJson('${MaxConcurrency}')
            assertThat(eval("States.StringToJson('100')")).isEqualTo(json("100"));
            assertThat(eval("States.StringToJson('-0')").decimalValue().signum()).isZero();
            assertFails("States.StringToJson('{oops')", "{}", "not valid JSON");
            assertFails("States.StringToJson('1 2')", "{}", "not valid JSON");
        }

        @Test
        void serialisesCompactly() {
            assertThat(eval("States.JsonToString($.o)", "{\"o\": {\"Arg1\": 1, \"Arg2\": [1, \"x\"]}}"))
                    .isEqualTo(json("\"{\\\"Arg1\\\":1,\\\"Arg2\\\":[1,\\\"x\\\"]}\""));
            assertThat(eval("States.JsonToString($.o)", "{\"o\": 1.1}")).isEqualTo(json("\"1.1\""));
        }

        @Test
        void mergesShallowlyLikeTheDeveloperGuideExample() {
            var input = "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2},"
                    + " \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}";
            assertThat(eval("States.JsonMerge($.json1, $.json2, false)", input))
                    .isEqualTo(json("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"));
            assertFails("States.JsonMerge($.json1, $.json2, true)", input, "only the shallow merge mode");
            assertFails("States.JsonMerge($.json1, 'x', false)", input, "to be a JSON object");
        }
    }

    @Nested
    class MathAndIds {

        @ParameterizedTest
        @CsvSource({"111, -1, 110", "0.5, 0, 1", "1.5, 1.51, 4", "-0.5, 0, 0", "-3.5, 0, -3",
                "2147483647, 1, 2147483648"})
        void addsRoundedIntegers(String a, String b, long expected) {
            assertThat(eval("States.MathAdd($.a, $.b)", "{\"a\": " + a + ", \"b\": " + b + "}").longValue())
                    .isEqualTo(expected);
        }

        @Test
        void rejectsNonNumbersAndValuesBeyondThirtyTwoBits() {
            assertFails("States.MathAdd('1', 2)", "{}", "to be a number");
            assertFails("States.MathAdd(2147483648, 0)", "{}", "32-bit integer range");
        }

        @Test
        void drawsRandomNumbersWithinTheRange() {
            var seen = new HashSet<Long>();
            for (int i = 0; i < 200; i++) {
                long value = eval("States.MathRandom(1, 4)").longValue();
                assertThat(value).isBetween(1L, 3L);
                seen.add(value);
            }
            assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L);
        }

        @Test
        void repeatsTheSequenceForASeed() {
            var first = eval("States.MathRandom($.start, $.end, 7)", "{\"start\": 1, \"end\": 999}");
            assertThat(eval("States.MathRandom(1, 999, 7)")).isEqualTo(first);
            assertFails("States.MathRandom(5, 5)", "{}", "greater than the start number");
        }

        @Test
        void createsVersionFourUuids() {
            var first = eval("States.UUID()").textValue();
            assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(eval("States.UUID()").textValue()).isNotEqualTo(first);
            assertFails("States.UUID(1)", "{}", "expects 0 arguments");
        }
    }

    @Nested
    class Strings {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "1,2,3,4,5             | ,    | [\"1\",\"2\",\"3\",\"4\",\"5\"]",
                "This.is+a,test=string | .+,= | [\"This\",\"is\",\"a\",\"test\",\"string\"]",
                ",,,,                  | ,    | []",
                "a-b                   | ''   | [\"a-b\"]"})
        void splitsAtAnyDelimiterCharacterAndDropsEmptyPieces(String text, String delimiters, String expected) {
            var input = "{\"s\": \"" + text + "\", \"d\": \"" + (delimiters.equals("''") ? "" : delimiters) + "\"}";
            assertThat(eval("States.StringSplit($.s, $.d)", input)).isEqualTo(json(expected));
        }

        @Test
        void checksArgumentCounts() {
            assertFails("States.StringSplit('a')", "{}", "expects 2 arguments but received 1");
        }
    }
}
