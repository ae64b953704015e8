package io.orderpipeline.items;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactJsonTest {

    @Test
    void numbersAreWrittenBackExactlyAsTheyWereRead() throws Exception {
        String text = "{\"price\":9.950000000000000000000000000001,\"huge\":1e400,\"tiny\":1E-400,\"negZero\":-0,"
                + "\"negZeroFloat\":-0.0,\"scale\":19.90,\"big\":123456789012345678901234567890,"
                + "\"max\":999999999999999.99,\"int\":7,\"neg\":-12}";
        assertThat(ExactJson.write(ExactJson.parse(text))).isEqualTo(text);
    }

    @Test
    void numbersCompareByTheirExactValue() throws Exception {
        JsonNode node = ExactJson.parse("[9.950000000000000000000000000001, 1e400, 1.50, 1.5]");
        assertThat(node.get(0).decimalValue()).isEqualByComparingTo(new BigDecimal("9.950000000000000000000000000001"));
        assertThat(node.get(0).decimalValue()).isNotEqualByComparingTo(new BigDecimal("9.95"));
        assertThat(node.get(1).decimalValue()).isEqualByComparingTo(BigDecimal.TEN.pow(400));
        assertThat(node.get(2)).isEqualTo(node.get(3));
        assertThat(node.get(2).asText()).isEqualTo("1.50");
    }

    @Test
    void textRoundTripsIncludingEscapesAndCharactersOutsideTheBasicPlane() throws Exception {
        JsonNode node = ExactJson.parse("{\"q\":\"say \\\"hi\\\"\\n\\u00e9 \\ud83d\\ude00 \u20ac\"}");
        assertThat(node.get("q").asText()).isEqualTo("say \"hi\"\né \uD83D\uDE00 €");
        assertThat(ExactJson.parse(ExactJson.write(node))).isEqualTo(node);
    }

    @Test
    void aLoneSurrogateEscapeIsRejectedInValuesAndNames() {
        assertThatThrownBy(() -> ExactJson.parse("{\"name\":\"a\\uD800b\"}"))
                .isInstanceOf(InvalidTextException.class).hasMessageContaining("lone surrogate \\uD800");
        assertThatThrownBy(() -> ExactJson.parse("{\"\\uDC00\":1}")).isInstanceOf(InvalidTextException.class);
        assertThatThrownBy(() -> ExactJson.parse("[\"\\uD83D\"]")).isInstanceOf(InvalidTextException.class);
    }

    @Test
    void aRepeatedFieldNameIsRejectedRatherThanOneValueDropped() {
        assertThatThrownBy(() -> ExactJson.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void sizeIsTheCompactUtf8Text() throws Exception {
        JsonNode node = ExactJson.parse("{ \"a\" : 1.50 , \"b\" : \"\u20ac\" }");
        assertThat(ExactJson.write(node)).isEqualTo("{\"a\":1.50,\"b\":\"\u20ac\"}");
        assertThat(ExactJson.sizeInBytes(node)).isEqualTo(20); // the euro sign is 3 bytes
    }

    @Test
    void exactNumbersCanBeMadeFromText() {
        assertThat(ExactJson.write(ExactDecimalNode.of("1e400"))).isEqualTo("1e400");
        assertThatThrownBy(() -> ExactDecimalNode.of("01")).isInstanceOf(NumberFormatException.class);
        assertThat(ExactDecimalNode.of("4.0").canConvertToExactIntegral()).isTrue();
        assertThat(ExactDecimalNode.of("4.5").canConvertToExactIntegral()).isFalse();
    }

    /** The tree walk and the text it measures agree, on every kind of node and character. */
    @Test
    void sizeInBytesIsTheLengthOfTheWrittenText() throws Exception {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        var mixed = nodes.objectNode();
        mixed.put("quote\"and\\backslash", "tab\tnew\nline\rform\fback\bspace");
        mixed.put("controls", "\u0000\u0001\u001f\u007f end");
        mixed.put("utf8", "é ü € 𝄞 中文 \u07ff\u0800\uffff");
        mixed.put("int", -2147483648).put("long", Long.MIN_VALUE).put("long2", Long.MAX_VALUE).put("zero", 0);
        mixed.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        mixed.put("double", 0.1).put("float", 1.5f).put("decimal", new BigDecimal("1.50"));
        mixed.put("true", true).put("false", false).putNull("null");
        mixed.putArray("array").add(1).add("two").addNull().addObject().put("x", -7);
        mixed.putArray("empty");
        mixed.putObject("emptyObject");
        mixed.set("exact", ExactDecimalNode.of("9.950000000000000000000000000001"));
        mixed.set("exponent", ExactDecimalNode.of("-1E-400"));
        mixed.set("pojo", nodes.pojoNode(java.util.List.of("a", 1)));
        mixed.set("binary", nodes.binaryNode(new byte[]{1, 2, 3}));
        var parsed = ExactJson.parse("{\"a\":[1,-0,2.50,1e400,\"\\ud83d\\ude00\",{\"b\":null}],\"c\":\"\\u2028\"}");
        for (JsonNode node : java.util.List.of(mixed, parsed, nodes.textNode("x"), nodes.numberNode(-10),
                nodes.numberNode(999_999_999_999L), nodes.arrayNode(), nodes.nullNode())) {
            assertThat(ExactJson.sizeInBytes(node)).as(ExactJson.write(node))
                    .isEqualTo(ExactJson.write(node).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        assertThat(ExactJson.sizeInBytes(null)).isEqualTo(4); // written as null
    }
}
