package io.orderpipeline.items;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/** The rules of https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html. */
class CsvItemsTest {

    private static final ReaderSpec FIRST_ROW = ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA);

    @Test
    void theExampleOfTheAwsPage() throws Exception {
        String csv = "abc,123,\"This string contains commas, a double quotation marks (\"\"), and a newline (\n)\","
                + "{\"\"MyKey\"\":\"\"MyValue\"\"},\"[1,2,3]\"\n";
        var spec = ReaderSpec.csvWithHeaders(List.of("MyLetters", "MyNumbers", "MyString", "MyObject", "MyArray"),
                CsvDelimiter.COMMA);
        var item = Read.all(csv, spec).getFirst().value();
        assertThat(item.get("MyLetters").asText()).isEqualTo("abc");
        assertThat(item.get("MyNumbers").asText()).isEqualTo("123");
        assertThat(item.get("MyString").asText())
                .isEqualTo("This string contains commas, a double quotation marks (\"), and a newline (\n)");
        assertThat(item.get("MyObject").asText()).isEqualTo("{\"MyKey\":\"MyValue\"}");
        assertThat(item.get("MyArray").asText()).isEqualTo("[1,2,3]");
    }

    @Test
    void backslashesEscapeBackslashesQuotesAndTheDelimiterAndAreDroppedBeforeAnythingElse() throws Exception {
        assertThat(Read.texts("path,size\nC:\\\\Program Files\\\\MyApp.exe,6534512\n", FIRST_ROW))
                .containsExactly("{\"path\":\"C:\\\\Program Files\\\\MyApp.exe\",\"size\":\"6534512\"}");
        assertThat(Read.texts("a,b\none\\, two,x\n", FIRST_ROW)).containsExactly("{\"a\":\"one, two\",\"b\":\"x\"}");
        // quoted too: \n is an n, \t a t, and the JSON escape \" inside a quoted cell is a quote
        assertThat(Read.texts("a\n\"line\\none \\tab\"\n", FIRST_ROW)).containsExactly("{\"a\":\"linenone tab\"}");
        assertThat(Read.texts("a|b\nx\\|y|z\n", ReaderSpec.csvWithHeaderRow(CsvDelimiter.PIPE)))
                .containsExactly("{\"a\":\"x|y\",\"b\":\"z\"}");
    }

    @Test
    void escapedQuotesWorkInPairs() throws Exception {
        assertThat(Read.texts("a,b\n\"say \\\"hi\\\" now\",next\n", FIRST_ROW))
                .containsExactly("{\"a\":\"say \\\"hi\\\" now\",\"b\":\"next\"}");
        // a single escaped quote leaves the rest quoted: here up to the end of the object
        var error = JsonItemsTest.problem(Read.bytes("a,b\n5\\\" pipe,next\n"), FIRST_ROW);
        assertThat(error.problem()).isEqualTo(ItemReadException.Problem.CSV_UNTERMINATED_QUOTE);
    }

    @Test
    void aRowWithFewerFieldsGetsEmptyStringsAndExtraFieldsAreSkipped() throws Exception {
        assertThat(Read.texts("a,b,c\n1\n1,2,3,4,5\n", FIRST_ROW))
                .containsExactly("{\"a\":\"1\",\"b\":\"\",\"c\":\"\"}", "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}");
    }

    @Test
    void givenHeadersMakeEveryRowDataAndEachDelimiterWorks() throws Exception {
        var spec = ReaderSpec.csvWithHeaders(List.of("id", "qty"), CsvDelimiter.SEMICOLON);
        assertThat(Read.texts("ORD-1;7\nORD-2;8", spec))
                .containsExactly("{\"id\":\"ORD-1\",\"qty\":\"7\"}", "{\"id\":\"ORD-2\",\"qty\":\"8\"}");
        assertThat(Read.texts("a\tb\n1\t2\n", ReaderSpec.csvWithHeaderRow(CsvDelimiter.TAB)))
                .containsExactly("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(Read.texts("a b\n1 2\n", ReaderSpec.csvWithHeaderRow(CsvDelimiter.SPACE)))
                .containsExactly("{\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void undocumentedCasesLoseNothing() throws Exception {
        // empty lines are not records and do not count; CR LF ends a record; a lone CR and quoted CR LF are data
        var items = Read.all("\uFEFFa,b\r\n\r\n1,\"x\r\ny\"\r\n\n2,p\rq\n", FIRST_ROW);
        assertThat(items).extracting(Item::index).containsExactly(0L, 1L);
        assertThat(items).extracting(item -> ExactJson.write(item.value()))
                .containsExactly("{\"a\":\"1\",\"b\":\"x\\r\\ny\"}", "{\"a\":\"2\",\"b\":\"p\\rq\"}");
        // a line of spaces is data, not an empty line
        assertThat(Read.texts("a\n \n", FIRST_ROW)).containsExactly("{\"a\":\" \"}");
        // an empty quoted field is a value
        assertThat(Read.texts("a,b\n\"\",\"\"\n", FIRST_ROW)).containsExactly("{\"a\":\"\",\"b\":\"\"}");
    }

    @Test
    void theHeaderMustExistAndNameEachColumnOnce() {
        assertThat(JsonItemsTest.problem(Read.bytes(""), FIRST_ROW).problem())
                .isEqualTo(ItemReadException.Problem.CSV_NO_HEADER);
        assertThat(JsonItemsTest.problem(Read.bytes("\n\n"), FIRST_ROW).problem())
                .isEqualTo(ItemReadException.Problem.CSV_NO_HEADER);
        var duplicate = JsonItemsTest.problem(Read.bytes("id,qty,id\n1,2,3\n"), FIRST_ROW);
        assertThat(duplicate.problem()).isEqualTo(ItemReadException.Problem.CSV_DUPLICATE_HEADER);
        assertThat(duplicate.getMessage()).contains("'id'");
    }

    @Test
    void aHeaderRowEndingInCrAloneBlamesTheLineEndsNotTheValuesItSwallowed() {
        // CR-only line ends: without this check the first row would run on to the end and name CUST-0042 twice
        var error = JsonItemsTest.problem(Read.bytes("orderId,customerId\rORD-1,CUST-0042\rORD-2,CUST-0042\r"),
                FIRST_ROW);
        assertThat(error.problem()).isEqualTo(ItemReadException.Problem.CSV_CR_LINE_ENDS);
        assertThat(error.getMessage()).contains("line 1").contains("after 'customerId'")
                .contains("lines end in CR alone").contains("LF or CR LF").doesNotContain("CUST-0042");
        // a CR inside quotes in the header, or CR LF line ends, are fine
        assertThat(assertDoesNotThrow(() -> Read.texts("\"a\rb\",c\r\n1,2\r\n", FIRST_ROW)))
                .containsExactly("{\"a\\rb\":\"1\",\"c\":\"2\"}");
    }

    @Test
    void theHeaderCanBeAskedForWithoutLosingAnItem() throws Exception {
        try (var stream = ItemStream.open(new java.io.ByteArrayInputStream("id,qty\nA,1\n".getBytes()), FIRST_ROW)) {
            assertThat(stream.csvHeader()).contains(List.of("id", "qty"));
            assertThat(ExactJson.write(stream.next().value())).isEqualTo("{\"id\":\"A\",\"qty\":\"1\"}");
            assertThat(stream.next()).isNull();
        }
        try (var headerOnly = ItemStream.open(new java.io.ByteArrayInputStream("id,qty\n".getBytes()), FIRST_ROW)) {
            assertThat(headerOnly.csvHeader()).contains(List.of("id", "qty"));
            assertThat(headerOnly.next()).isNull();
        }
        try (var json = ItemStream.open(new java.io.ByteArrayInputStream("[]".getBytes()), ReaderSpec.json())) {
            assertThat(json.csvHeader()).isEmpty();
        }
    }

    @Test
    void invalidUtf8IsAReadError() {
        var error = JsonItemsTest.problem(Read.bytes("a,b\n1,caf", 0xE9, "\n"), FIRST_ROW);
        assertThat(error.problem()).isEqualTo(ItemReadException.Problem.INVALID_UTF8);
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.byteOffset()).isEqualTo(9);
    }

    @Test
    void anItemIsAnObjectOfStringsSizedAsItTravels() throws Exception {
        var item = Read.all("orderId,total\nORD-1,19.90\n", FIRST_ROW).getFirst();
        assertThat(item.value().get("total").isTextual()).isTrue();
        assertThat(item.bytes()).isEqualTo("{\"orderId\":\"ORD-1\",\"total\":\"19.90\"}".length());
    }
}
