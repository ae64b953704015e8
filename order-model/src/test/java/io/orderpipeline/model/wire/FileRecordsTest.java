package io.orderpipeline.model.wire;

import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class FileRecordsTest {

    static String id(String key, String json) throws IOException {
        return FileRecords.recordId(key, Json.read(json));
    }

    @Test
    void theSameRecordUnderTheSameKeyHasTheSameIdWhateverItsMemberOrderOrNumberScale() throws IOException {
        String a = id("incoming/a.json", "{\"orderId\":\"ORD-1\",\"totalAmount\":9.95,\"items\":[1,2]}");
        assertThat(id("incoming/a.json", "{\"items\":[1,2],\"totalAmount\":9.950,\"orderId\":\"ORD-1\"}")).isEqualTo(a);
        assertThat(a).matches("[0-9a-f]{32}");
    }

    @Test
    void anotherKeyAnotherValueOrAnotherOrderOfArrayElementsIsAnotherId() throws IOException {
        String a = id("incoming/a.json", "{\"orderId\":\"ORD-1\",\"totalAmount\":9.95,\"items\":[1,2]}");
        assertThat(id("incoming/b.json", "{\"orderId\":\"ORD-1\",\"totalAmount\":9.95,\"items\":[1,2]}")).isNotEqualTo(a);
        assertThat(id("incoming/a.json", "{\"orderId\":\"ORD-1\",\"totalAmount\":9.96,\"items\":[1,2]}")).isNotEqualTo(a);
        assertThat(id("incoming/a.json", "{\"orderId\":\"ORD-1\",\"totalAmount\":9.95,\"items\":[2,1]}")).isNotEqualTo(a);
    }

    @Test
    void numbersAreComparedByTheirExactValueNotAsDoubles() throws IOException {
        assertThat(id("k", "1e-400")).isNotEqualTo(id("k", "0"));
        assertThat(id("k", "0.100000000000000000000000000001")).isNotEqualTo(id("k", "0.1"));
        assertThat(id("k", "1E+2")).isEqualTo(id("k", "100"));
        assertThat(id("k", "\"100\"")).isNotEqualTo(id("k", "100"));
    }

    @Test
    void theCanonicalFormIsCompactSortedAndEscaped() throws IOException {
        assertThat(FileRecords.canonicalJson(Json.read("{ \"b\" : [true, null, 1.50], \"a\" : \"x\\\"y\" }")))
                .isEqualTo("{\"a\":\"x\\\"y\",\"b\":[true,null,1.5]}");
    }

    @Test
    void onlyACsvRecordOfEmptyCellsIsABlankLine() throws IOException {
        assertThat(FileRecords.isBlankCsvRecord(Json.read("{\"a\":\"\",\"b\":\"\"}"))).isTrue();
        assertThat(FileRecords.isBlankCsvRecord(Json.read("{\"a\":\"\",\"b\":\" \"}"))).isFalse();
        assertThat(FileRecords.isBlankCsvRecord(Json.read("{}"))).isFalse();
        assertThat(FileRecords.isBlankCsvRecord(Json.read("[]"))).isFalse();
    }

    @Test
    void aValidOrderIsNamedByItsContentHashUnderItsKey() throws IOException {
        String hash = "a".repeat(64);
        String a = FileRecords.orderRecordId("incoming/a.json", hash);
        assertThat(a).matches("[0-9a-f]{32}").isEqualTo(FileRecords.orderRecordId("incoming/a.json", hash));
        assertThat(FileRecords.orderRecordId("incoming/b.json", hash)).isNotEqualTo(a);
        assertThat(FileRecords.orderRecordId("incoming/a.json", "b".repeat(64))).isNotEqualTo(a);
        assertThat(id("incoming/a.json", "\"order " + hash + "\"")).isNotEqualTo(a);
    }

    @Test
    void aFileIsNamedByItsEtagAndKeyAsTheStateMachinesStatesHashNamesIt() throws Exception {
        // States.Hash(States.Format('file {} {}', $.etag, $.key), 'SHA-256'): lower-case hex of all 64 digits
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("file 9b2cf535f27731c974343645a3985328 incoming/red flower.json".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(FileRecords.fileRecordId("incoming/red flower.json", "9b2cf535f27731c974343645a3985328"))
                .isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(FileRecords.fileRecordId("incoming/red flower.json", "\"9b2cf535f27731c974343645a3985328\""))
                .isEqualTo(expected);
    }
}
