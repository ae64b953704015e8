package io.orderpipeline.items;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesItemsTest {

    @Test
    void eachLineIsAnItemAndBlankLinesAreNotItems() throws Exception {
        var items = Read.all("{\"id\":1}\n\n   \t\n{\"id\":2, \"amount\": 999999999999999.99}\r\n\"last\"",
                ReaderSpec.jsonLines());
        assertThat(items).extracting(Item::index).containsExactly(0L, 1L, 2L);
        assertThat(items).extracting(item -> ExactJson.write(item.value()))
                .containsExactly("{\"id\":1}", "{\"id\":2,\"amount\":999999999999999.99}", "\"last\"");
    }

    @Test
    void linesLongerThanTheReadBufferAndLinesAcrossItsEdgeStayWhole() throws Exception {
        String longText = "x".repeat(200_000);
        var text = new StringBuilder("{\"long\":\"" + longText + "\"}\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("{\"i\":").append(i).append("}\n");
        }
        text.append("{\"i\":\"last\"}");
        var items = Read.all(text.toString(), ReaderSpec.jsonLines());
        assertThat(items).hasSize(20_002);
        assertThat(items.get(0).value().get("long").textValue()).isEqualTo(longText);
        for (int i = 0; i < 20_000; i++) {
            assertThat(items.get(i + 1).value().get("i").intValue()).isEqualTo(i);
        }
        assertThat(items.get(20_001).value().get("i").textValue()).isEqualTo("last");

        var problem = JsonItemsTest.problem(Read.bytes(text + "\n{oops}\n"), ReaderSpec.jsonLines());
        assertThat(problem.line()).isEqualTo(20_003);
    }

    @Test
    void problemsNameTheirLine() {
        var malformed = JsonItemsTest.problem(Read.bytes("{\"id\":1}\n\n{oops}\n"), ReaderSpec.jsonLines());
        assertThat(malformed.problem()).isEqualTo(ItemReadException.Problem.MALFORMED_JSON);
        assertThat(malformed.line()).isEqualTo(3);
        assertThat(malformed.byteOffset()).isGreaterThanOrEqualTo(10);

        var two = JsonItemsTest.problem(Read.bytes("{\"id\":1} {\"id\":2}\n"), ReaderSpec.jsonLines());
        assertThat(two.problem()).isEqualTo(ItemReadException.Problem.MORE_THAN_ONE_VALUE);
        assertThat(two.line()).isEqualTo(1);
    }

    @Test
    void invalidUtf8AndLoneSurrogatesAreReadErrorsNotReplacementCharacters() {
        var bytes = JsonItemsTest.problem(Read.bytes("{\"a\":\"x\"}\n{\"a\":\"\n", "{\"a\":\"", 0xFF, "\"}\n"),
                ReaderSpec.jsonLines());
        assertThat(bytes.problem()).isEqualTo(ItemReadException.Problem.INVALID_UTF8);
        assertThat(bytes.line()).isEqualTo(3);
        var escaped = JsonItemsTest.problem(Read.bytes("{\"a\":\"\\uDFFF\"}\n"), ReaderSpec.jsonLines());
        assertThat(escaped.problem()).isEqualTo(ItemReadException.Problem.LONE_SURROGATE);
        assertThat(escaped.line()).isEqualTo(1);
    }
}
