package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BatchReaderTest {

    private final BatchReader reader = new BatchReader(new BatchRecords(new OrderValidator()));

    private BatchReader.Batch read(String payload) throws IOException {
        return reader.read(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode tree(BatchReader.Batch batch, int index) {
        return ((BatchRecord.Tree) batch.items().get(index)).record();
    }

    @Test
    void eachRecordIsMeasuredInBytesAsDelivered() throws IOException {
        String first = "{\"orderId\":\"ORD-1\",\"note\":\"café\"}";
        String second = "[1, 2]";
        BatchReader.Batch batch = read("{\"Items\":[" + first + ", " + second + ",\"x\",7],"
                + "\"BatchInput\":{\"bucket\":\"b\",\"key\":\"in/o.json\",\"format\":\"JSON\"}}");

        assertThat(batch.items()).extracting(BatchRecord::bytes).containsExactly(
                (long) first.getBytes(StandardCharsets.UTF_8).length, (long) second.length(), 3L, 1L);
        assertThat(tree(batch, 0).get("note").asText()).isEqualTo("café");
    }

    @Test
    void fieldOrderDoesNotMatterAndOtherFieldsAreSkipped() throws IOException {
        BatchReader.Batch batch = read("""
                {"BatchInput":{"bucket":"b","key":"in/o.csv","versionId":"v9","format":"csv","executionId":"arn:x"},
                 "Extra":{"nested":[1,{"a":2}]},
                 "Items":[{"orderId":"ORD-1"}]}
                """);
        assertThat(batch.items()).hasSize(1);
        assertThat(batch.input()).isEqualTo(new BatchInput(new SourceRef("b", "in/o.csv", "v9"), RecordFormat.CSV, "arn:x"));
        assertThat(batch.input().correlationId()).isEqualTo("in/o.csv#arn:x");
    }

    @Test
    void decimalsKeepTheirScale() throws IOException {
        BatchReader.Batch batch = read("{\"Items\":[{\"totalAmount\":24.40}],\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.jsonl\"}}");
        assertThat(tree(batch, 0).get("totalAmount").decimalValue().toPlainString()).isEqualTo("24.40");
        assertThat(batch.input().format()).isEqualTo(RecordFormat.JSONL);
    }
}
