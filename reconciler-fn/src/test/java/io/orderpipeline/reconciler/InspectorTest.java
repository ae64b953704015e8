package io.orderpipeline.reconciler;

import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.reconciler.aws.ItemReaderRecords;
import io.orderpipeline.reconciler.core.Inspector;
import io.orderpipeline.reconciler.core.InMemoryObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** INSPECT through the real item-reader: the reader from the suffix in any case, a CSV header that names the columns. */
class InspectorTest {

    static final String HEADER = "orderId,customerId,orderDate,currency,items,totalAmount,channel,shippingAddress,attributes";
    static final String ROW = "ORD-1,CUST-1,2026-11-20,EUR,\"[{\"\"sku\"\":\"\"SKU-1\"\",\"\"quantity\"\":2,\"\"unitPrice\"\":\"\"9.95\"\"}]\",19.90,web,,";

    /** Larger than any file here: the size check is tested on its own below. */
    static final long NO_LIMIT_HERE = 1L << 40;

    final InMemoryObjectStore objects = new InMemoryObjectStore();
    final Inspector inspector = new Inspector(objects, new ItemReaderRecords(objects), NO_LIMIT_HERE);

    Inspector.Inspection inspect(String key, String content) throws IOException {
        objects.put("bucket", key, content);
        return inspector.inspect("bucket", key, null);
    }

    @ParameterizedTest
    @CsvSource({"incoming/a.json, JSON", "incoming/a.JSON, JSON", "incoming/a.Json, JSON", "incoming/a.jsonl, JSONL",
            "incoming/a.JSONL, JSONL", "incoming/2026/a.CsV, CSV"})
    void theReaderComesFromTheSuffixInAnyCase(String key, RecordFormat format) throws IOException {
        var inspection = inspect(key, format == RecordFormat.CSV ? HEADER + "\n" + ROW + "\n" : "[]");
        assertThat(inspection.format()).isEqualTo(format);
        assertThat(inspection.fileError()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"incoming/a.txt", "incoming/a.json.gz", "incoming/orders"})
    void anotherSuffixIsAnUnsupportedFormat(String key) throws IOException {
        var inspection = inspect(key, "[]");
        assertThat(inspection.format()).isNull();
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.UnsupportedFormat");
        assertThat(inspection.fileError().cause()).contains(key);
    }

    @Test
    void anotherSuffixIsRejectedFromTheEventAloneWithoutAnyS3Call() throws IOException {
        // nothing in the store: the object need not exist for the answer (the pre-traffic hook's check)
        var inspection = inspector.inspect("bucket", "deploy-check/pre-traffic.hook", null);
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.UnsupportedFormat");
    }

    @Test
    void aCsvWithoutHeaderFailsNamingTheMissingColumnsInsteadOfUsingAnOrderAsItsHeader() throws IOException {
        var inspection = inspect("incoming/no-header.csv", ROW + "\n" + ROW.replace("ORD-1", "ORD-2") + "\n");
        assertThat(inspection.format()).isNull();
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(inspection.fileError().cause()).contains("orderId", "customerId", "totalAmount")
                .contains("must start with a header row");
    }

    @Test
    void aSingleOrderWithoutHeaderIsNotSilentlyTakenForAHeader() throws IOException {
        var inspection = inspect("incoming/one.csv", ROW + "\n");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.MissingColumns");
    }

    @Test
    void aFirstRowOfValuesWithoutRepeatsIsNamedForWhatItIs() throws IOException {
        var inspection = inspect("incoming/values.csv", "ORD-1,CUST-1,2026-11-20,EUR,[],19.90\n");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(inspection.fileError().cause()).contains("required columns 'orderId', 'customerId'")
                .contains("'ORD-1', 'CUST-1'");
    }

    @Test
    void aHeaderMissingOneRequiredColumnNamesIt() throws IOException {
        var inspection = inspect("incoming/a.csv", HEADER.replace("currency,", "") + "\n");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(inspection.fileError().cause()).contains("required column 'currency';");
    }

    @Test
    void aHeaderWithColumnsInAnyOrderAndExtraOnesPassesEvenWithoutRows() throws IOException {
        var inspection = inspect("incoming/a.csv", "note,totalAmount,items,currency,orderDate,customerId,orderId\n");
        assertThat(inspection.format()).isEqualTo(RecordFormat.CSV);
    }

    @Test
    void anEmptyCsvFileHasNoHeader() throws IOException {
        var inspection = inspect("incoming/empty.csv", "");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(inspection.fileError().cause()).contains("empty");
    }

    @Test
    void aHeaderThatIsNotUtf8IsUnreadable() throws IOException {
        objects.put("bucket", "incoming/bad.csv", new byte[]{'o', 'r', (byte) 0xC3, '(', '\n'}, "text/csv");
        var inspection = inspector.inspect("bucket", "incoming/bad.csv", null);
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.Unreadable");
    }

    @Test
    void bytesThatAreNotUtf8InTheFirstRecordAreNamedWhereTheyAreNotBlamedOnTheHeader() throws IOException {
        byte[] header = (HEADER + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] row = (ROW.replace("CUST-1", "CUST-\u0001") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        row[row.length - 10] = (byte) 0xFF;
        var content = new byte[header.length + row.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(row, 0, content, header.length, row.length);
        objects.put("bucket", "incoming/bad-row.csv", content, "text/csv");
        var inspection = inspector.inspect("bucket", "incoming/bad-row.csv", null);
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.Unreadable");
        assertThat(inspection.fileError().cause()).contains("line 2").contains("not UTF-8").doesNotContain("header row cannot");
    }

    @ParameterizedTest
    @CsvSource({"incoming/a.json, JSON", "incoming/a.jsonl, JSONL", "incoming/a.csv, CSV"})
    void aFileOfExactlyTheLimitPassesAndOneByteMoreIsTooLargeBeforeAnyOfItIsRead(String key, RecordFormat format)
            throws IOException {
        byte[] content = (format == RecordFormat.CSV ? HEADER + "\n" + ROW + "\n" : "[{\"orderId\":\"ORD-1\"}]\n")
                .getBytes(StandardCharsets.UTF_8);
        var reads = new java.util.concurrent.atomic.AtomicInteger();
        var records = new ItemReaderRecords(objects);
        Inspector.HeaderReader counted = new Inspector.HeaderReader() {
            @Override
            public List<String> header(io.orderpipeline.reconciler.core.SourceFile file) throws IOException {
                reads.incrementAndGet();
                return records.header(file);
            }

            @Override
            public java.util.Optional<String> notUtf8(io.orderpipeline.reconciler.core.SourceFile file)
                    throws IOException {
                reads.incrementAndGet();
                return records.notUtf8(file);
            }
        };
        String version = objects.putVersion("bucket", key, content);
        var event = new Inspector.ObjectCreated("bucket", key, version, (long) content.length, null);

        var atTheLimit = new Inspector(objects, counted, content.length).inspect(event);
        assertThat(atTheLimit.fileError()).isNull();
        assertThat(atTheLimit.format()).isEqualTo(format);

        reads.set(0);
        var overIt = new Inspector(objects, counted, content.length - 1).inspect(event);
        assertThat(overIt.format()).isNull();
        assertThat(overIt.key()).isEqualTo(key);
        assertThat(overIt.fileError().error()).isEqualTo("OrderFile.TooLarge");
        assertThat(overIt.fileError().cause())
                .contains(String.format(java.util.Locale.ROOT, "The file is %,d bytes", content.length))
                .contains(String.format(java.util.Locale.ROOT, "over the limit of %,d bytes (MaxFileBytes)",
                        content.length - 1));
        assertThat(reads).as("the file's bytes are not read once its size is over the limit").hasValue(0);
    }

    @Test
    void theSizeComesFromS3WhenTheEventDoesNotSayIt() throws IOException {
        objects.put("bucket", "incoming/big.jsonl", "{\"orderId\":\"ORD-1\"}\n".repeat(100));
        var inspection = new Inspector(objects, new ItemReaderRecords(objects), 1_000)
                .inspect("bucket", "incoming/big.jsonl", null);
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.TooLarge");
        assertThat(inspection.fileError().cause()).contains("The file is 2,000 bytes, over the limit of 1,000 bytes");
    }

    @Test
    void aUrlEncodedKeyIsResolvedToTheObjectAndTheInspectionNamesTheRealKey() throws IOException {
        String key = "incoming/red flower+café.csv";
        String version = objects.putVersion("bucket", key, (HEADER + "\n" + ROW + "\n").getBytes(StandardCharsets.UTF_8));
        var inspection = inspector.inspect(new Inspector.ObjectCreated("bucket", "incoming/red+flower%2Bcaf%C3%A9.csv",
                version, null, null));
        assertThat(inspection.fileError()).isNull();
        assertThat(inspection.format()).isEqualTo(RecordFormat.CSV);
        assertThat(inspection.key()).isEqualTo(key);
        assertThat(inspection.toJson().path("key").asText()).isEqualTo(key);
    }

    @Test
    void anObjectThatIsNotThereUnderAnyCandidateKeyIsNotFoundNamingWhatWasTried() throws IOException {
        var inspection = inspector.inspect(new Inspector.ObjectCreated("bucket", "incoming/red+flower.json", "v7",
                null, null));
        assertThat(inspection.format()).isNull();
        assertThat(inspection.key()).isEqualTo("incoming/red+flower.json");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.NotFound");
        assertThat(inspection.fileError().cause()).contains("(version v7)")
                .contains("'incoming/red+flower.json' (as received), 'incoming/red flower.json' ('+' as space");
    }

    @ParameterizedTest
    @CsvSource({"incoming/a.json", "incoming/a.jsonl", "incoming/a.csv"})
    void utf16WithOrWithoutAByteOrderMarkFailsTheSameClearWayInEveryFormat(String key) throws IOException {
        String text = key.endsWith(".csv") ? HEADER + "\n" + ROW + "\n" : "[{\"orderId\":\"ORD-1\"}]";
        byte[] withoutBom = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = text.getBytes(StandardCharsets.UTF_16); // big-endian with its BOM FE FF
        var causes = new java.util.ArrayList<String>();
        for (byte[] content : List.of(withoutBom, withBom)) {
            objects.put("bucket", key, content, "text/plain");
            var inspection = inspector.inspect("bucket", key, null);
            assertThat(inspection.format()).isNull();
            assertThat(inspection.fileError().error()).isEqualTo("OrderFile.Unreadable");
            causes.add(inspection.fileError().cause());
        }
        assertThat(causes.get(0)).startsWith("The file cannot be read: the file is UTF-16 (little-endian) text")
                .endsWith("save it as UTF-8");
        assertThat(causes.get(1)).startsWith("The file cannot be read: the file is UTF-16 (big-endian) text")
                .endsWith("save it as UTF-8");
    }

    @Test
    void utf8WithItsByteOrderMarkPasses() throws IOException {
        var inspection = inspect("incoming/bom.csv", "\uFEFF" + HEADER + "\n" + ROW + "\n");
        assertThat(inspection.fileError()).isNull();
        assertThat(inspection.format()).isEqualTo(RecordFormat.CSV);
    }

    @Test
    void cellsSeparatedByACommaAndASpaceAreNamedSoTheSpacesShow() throws IOException {
        var inspection = inspect("incoming/spaced.csv", HEADER.replace(",", ", ") + "\n" + ROW.replace(",", ", ") + "\n");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(inspection.fileError().cause())
                .contains("does not name the required columns 'customerId', 'orderDate'")
                .contains("its names are 'orderId', ' customerId', ' orderDate'")
                .contains("each name after the first starts with a space, so ' customerId' is not 'customerId'")
                .contains("the cells are separated by ', ', a comma and a space");
    }

    @Test
    void aRequiredColumnNamedInAnotherCaseOrWithATrailingSpaceIsPointedAt() throws IOException {
        var inspection = inspect("incoming/case.csv", HEADER.replace("customerId", "CustomerID")
                .replace("currency", "currency ") + "\n" + ROW + "\n");
        assertThat(inspection.fileError().cause())
                .contains("required columns 'customerId', 'currency'")
                .contains("'CustomerID' is 'customerId' with another case; 'currency ' is 'currency' with a space after it");
    }

    @Test
    void aCsvWhoseLinesEndInCrAloneIsNamedForItsLineEndsNotARepeatedValue() throws IOException {
        var inspection = inspect("incoming/cr.csv", HEADER + "\r" + ROW + "\r" + ROW.replace("ORD-1", "ORD-2") + "\r");
        assertThat(inspection.fileError().error()).isEqualTo("OrderFile.Unreadable");
        assertThat(inspection.fileError().cause()).contains("lines end in CR alone").contains("LF or CR LF")
                .doesNotContain("twice").doesNotContain("CUST-1");
    }
}
