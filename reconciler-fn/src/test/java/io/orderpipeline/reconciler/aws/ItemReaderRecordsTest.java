package io.orderpipeline.reconciler.aws;

import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.reconciler.core.InMemoryObjectStore;
import io.orderpipeline.reconciler.core.SourceFile;
import io.orderpipeline.reconciler.core.SourceRecords;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemReaderRecordsTest {

    @ParameterizedTest
    @EnumSource(RecordFormat.class)
    void textThatIsNotUtf8IsUnreadableWhereverItIsEvenWhereTheReaderLooksAheadOnOpening(RecordFormat format) {
        var store = new InMemoryObjectStore();
        var start = switch (format) {
            case JSON -> "[{\"orderId\":\"ORD-1\",\"customerId\":\"";
            case JSONL -> "{\"orderId\":\"ORD-1\",\"customerId\":\"";
            case CSV -> "orderId,customerId\nORD-1,";
        };
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(start.getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3); // a truncated two-byte sequence
        bytes.writeBytes("X\"}]\n".getBytes(StandardCharsets.UTF_8));
        store.put("b", "incoming/o", bytes.toByteArray(), "application/octet-stream");
        var records = new ItemReaderRecords(store);

        assertThatThrownBy(() -> {
            try (var cursor = records.open(new SourceFile("b", "incoming/o", null, null, format))) {
                while (cursor.next() != null) {
                    // read to the end
                }
            }
        }).isInstanceOf(SourceRecords.Unreadable.class).hasMessageContaining("UTF-8");
    }
}
