package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** DynamoDB's own rules, case by case (CapacityUnitCalculations.html), and its 400 KB limit at the byte. */
class ItemSizeTest {

    private static ObjectNode item(String json) throws IOException {
        return (ObjectNode) Json.read(json);
    }

    @Test
    void stringsAreTheirUtf8BytesPlusTheNames() throws IOException {
        // "id" 2 + "ORD-1" 5; "name" 4 + "Zoë" 4 bytes; "emoji" 5 + 4 bytes
        assertThat(ItemSize.of(item("{\"id\":{\"S\":\"ORD-1\"},\"name\":{\"S\":\"Zoë\"},\"emoji\":{\"S\":\"😀\"}}")))
                .isEqualTo(7 + 8 + 9);
    }

    @ParameterizedTest
    @CsvSource({"0, 2", "7, 2", "12, 2", "123, 3", "100, 2", "0.001, 2", "9.95, 3", "999999999999999.99, 10",
            "-24.4, 3", "1.234567890123456789012345678901234567, 20", "1E+10, 2"})
    void aNumberIsOneBytePerTwoSignificantDigitsPlusOne(String number, long size) {
        assertThat(ItemSize.number(number)).isEqualTo(size);
    }

    @Test
    void listsAndMapsTakeThreeBytesAndOnePerElement() throws IOException {
        // "l": 1 + (3 + (1+1) + (2+1)); "m": 1 + (3 + ("a" 1 + BOOL 1 + 1) + ("b" 1 + NULL 1 + 1))
        assertThat(ItemSize.of(item("{\"l\":{\"L\":[{\"BOOL\":true},{\"N\":\"42\"}]}}"))).isEqualTo(1 + 3 + 2 + 3);
        assertThat(ItemSize.of(item("{\"m\":{\"M\":{\"a\":{\"BOOL\":true},\"b\":{\"NULL\":true}}}}")))
                .isEqualTo(1 + 3 + 3 + 3);
        assertThat(ItemSize.of(item("{\"e\":{\"M\":{}}}"))).isEqualTo(1 + 3);
    }

    @Test
    void theLimitIsFourHundredKibAtTheByte() throws IOException {
        // "k" (1 byte) + a string of n bytes
        String filler = "x".repeat((int) ItemSize.MAX_ITEM_BYTES - 1);
        assertThat(ItemSize.fits(item("{\"k\":{\"S\":\"" + filler + "\"}}"))).isTrue();
        assertThat(ItemSize.fits(item("{\"k\":{\"S\":\"" + filler + "y\"}}"))).isFalse();
        assertThat(ItemSize.MAX_ITEM_BYTES).isEqualTo(409_600);
    }

    /** Counted without encoding, the same figure as the encoded bytes, whatever the characters. */
    @Test
    void utf8CountsWhatJavaEncodes() {
        for (String text : java.util.List.of("", "plain ascii", "é ü ß", "€ 中文 \uffff \u0800 \u07ff", "𝄞 😀 two pairs",
                "lone \ud800 high", "lone \udc00 low", "\ud83d", "end \ud83d\ude00", "\u0000\u007f")) {
            assertThat(ItemSize.utf8(text)).as(text)
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
