package io.orderpipeline.items;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One rule for text encodings: UTF-8 (its BOM tolerated); UTF-16 and UTF-32 fail alike, with a BOM or without. */
class TextEncodingsTest {

    static final String CSV = "orderId,customerId\nORD-1,CUST-0042\n";
    static final String JSON = "[{\"orderId\":\"ORD-1\"}]";

    static Stream<Arguments> otherEncodings() {
        var utf32le = Charset.forName("UTF-32LE");
        var utf32be = Charset.forName("UTF-32BE");
        return Stream.of(
                Arguments.of("UTF-16 LE with BOM", bom(new byte[]{(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE), "UTF-16 (little-endian)"),
                Arguments.of("UTF-16 LE without BOM", null, "UTF-16 (little-endian)"),
                Arguments.of("UTF-16 BE with BOM", bom(new byte[]{(byte) 0xFE, (byte) 0xFF}, StandardCharsets.UTF_16BE), "UTF-16 (big-endian)"),
                Arguments.of("UTF-16 BE without BOM", StandardCharsets.UTF_16BE, "UTF-16 (big-endian)"),
                Arguments.of("UTF-32 LE without BOM", utf32le, "UTF-32 (little-endian)"),
                Arguments.of("UTF-32 BE with BOM", bom(new byte[]{0, 0, (byte) 0xFE, (byte) 0xFF}, utf32be), "UTF-32 (big-endian)"));
    }

    /** A charset marker: encode with this charset, then prefix the BOM. */
    record WithBom(byte[] bom, Charset charset) {
    }

    static WithBom bom(byte[] bom, Charset charset) {
        return new WithBom(bom, charset);
    }

    static byte[] encode(Object how, String text) {
        if (how == null) {
            return text.getBytes(StandardCharsets.UTF_16LE);
        }
        if (how instanceof WithBom withBom) {
            byte[] body = text.getBytes(withBom.charset());
            byte[] all = new byte[withBom.bom().length + body.length];
            System.arraycopy(withBom.bom(), 0, all, 0, withBom.bom().length);
            System.arraycopy(body, 0, all, withBom.bom().length, body.length);
            return all;
        }
        return text.getBytes((Charset) how);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherEncodings")
    void everyFormatRefusesTheFileAtItsFirstBytesTheSameWay(String name, Object how, String encoding) {
        for (var spec : new ReaderSpec[]{ReaderSpec.json(), ReaderSpec.jsonLines(),
                ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA)}) {
            var text = spec.type() == InputType.CSV ? CSV : JSON;
            var error = JsonItemsTest.problem(encode(how, text), spec);
            assertThat(error.problem()).as(name + " as " + spec.type()).isEqualTo(ItemReadException.Problem.NOT_UTF8);
            assertThat(error.byteOffset()).isZero();
            assertThat(error.getMessage()).contains("the file is " + encoding + " text").contains("save it as UTF-8");
        }
    }

    @Test
    void withAndWithoutAByteOrderMarkTheMessageNamesTheSameEncodingAndSaysHowItWasSeen() {
        var withBom = TextEncodings.notUtf8(encode(bom(new byte[]{(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE), CSV)).orElseThrow();
        var without = TextEncodings.notUtf8(CSV.getBytes(StandardCharsets.UTF_16LE)).orElseThrow();
        assertThat(withBom).startsWith("the file is UTF-16 (little-endian) text").contains("byte order mark FF FE");
        assertThat(without).startsWith("the file is UTF-16 (little-endian) text").contains("NUL bytes among its first 4 (6F 00 72 00)");
    }

    @Test
    void utf8WithOrWithoutItsByteOrderMarkIsRead() throws Exception {
        assertThat(TextEncodings.notUtf8(CSV.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(TextEncodings.notUtf8(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'o'})).isEmpty();
        assertThat(TextEncodings.notUtf8("é".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(TextEncodings.notUtf8(new byte[0])).isEmpty();
        assertThat(TextEncodings.notUtf8(new byte[]{'['})).isEmpty();
        assertThat(Read.texts("\uFEFF" + CSV, ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA)))
                .containsExactly("{\"orderId\":\"ORD-1\",\"customerId\":\"CUST-0042\"}");
    }
}
