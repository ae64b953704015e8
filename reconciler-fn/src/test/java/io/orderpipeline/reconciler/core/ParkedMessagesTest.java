package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.Parking;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler's DLQ messages: the record as read from the file, the contract's reasons, SQS's size limit. */
class ParkedMessagesTest {

    static final SourceFile FILE = new SourceFile("orders-bucket", "incoming/orders.json", "v1", "etag",
            RecordFormat.JSON);
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:order-pipeline:exec-1";
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Violation NOT_STORED = new Parking.NotStored("its batch failed").reason();

    static SourceRecord record(int index, String notes) {
        ObjectNode value = Json.mapper().createObjectNode().put("orderId", "ORD-" + index).put("notes", notes);
        return new SourceRecord(index, value, Json.write(value).getBytes(StandardCharsets.UTF_8).length);
    }

    static DeadLetters.Letter letter(SourceRecord record, List<Violation> reasons, JsonNode alteredItem) {
        return ParkedMessages.letter(Integer.toString(record.index()), FILE, EXECUTION, record, "rid-" + record.index(),
                "ORD-" + record.index(), reasons, NOW, alteredItem);
    }

    @Test
    void aParkedRecordIsAReconciliationMessageCarryingTheRecordAsReadItsIdentityAndItsAttributes()
            throws IOException {
        SourceRecord record = record(7, "gift");

        DeadLetters.Letter letter = letter(record, List.of(NOT_STORED), null);

        assertThat(letter.id()).isEqualTo("7");
        DlqMessage body = DlqMessages.parse(letter.body());
        assertThat(body.kind()).isEqualTo(DlqMessage.Kind.ORDER);
        assertThat(body.stage()).isEqualTo(DlqMessage.Stage.RECONCILIATION);
        assertThat(body.record()).isEqualTo(record.value());
        assertThat(body.orderId()).isEqualTo("ORD-7");
        assertThat(body.recordId()).isEqualTo("rid-7");
        assertThat(body.recordIndex()).isEqualTo(7L);
        assertThat(body.reasons()).containsExactly(NOT_STORED);
        assertThat(body.source()).isEqualTo(FILE.ref());
        assertThat(body.executionId()).isEqualTo(EXECUTION);
        assertThat(body.failedAt()).isEqualTo(NOW);
        assertThat(Json.read(letter.body()).has("alteredItem")).isFalse();
        assertThat(letter.attributes()).containsExactly(
                java.util.Map.entry(DlqMessages.ATTRIBUTE_REASON_CODE, "PROCESSING_ERROR"),
                java.util.Map.entry(DlqMessages.ATTRIBUTE_SOURCE_KEY, "incoming/orders.json"),
                java.util.Map.entry(DlqMessages.ATTRIBUTE_RECORD_ID, "rid-7"));
    }

    @Test
    void theItemTakenOutOfTheTableTravelsAsAlteredItem() throws IOException {
        JsonNode item = Json.read("{\"orderId\":{\"S\":\"ORD-1\"},\"contentHash\":{\"S\":\"abc\"}}");

        DeadLetters.Letter letter = letter(record(1, "x"), List.of(Parking.Altered.seenAsBlank().reason()), item);

        assertThat(Json.read(letter.body()).path("alteredItem")).isEqualTo(item);
        assertThat(letter.attributes()).containsEntry(DlqMessages.ATTRIBUTE_REASON_CODE, "ALTERED_IN_TRANSIT");
    }

    @Test
    void aMessageOfExactlySqsLimitGoesInlineAndOneByteMoreGetsTheClaimCheckReasonFirst() {
        long base = letter(record(3, ""), List.of(NOT_STORED), null).sizeInBytes();
        int fits = (int) (DeadLetters.SQS_MAX_MESSAGE_BYTES - base);

        DeadLetters.Letter atLimit = letter(record(3, "x".repeat(fits)), List.of(NOT_STORED), null);
        DeadLetters.Letter over = letter(record(3, "x".repeat(fits + 1)), List.of(NOT_STORED), null);

        assertThat(atLimit.sizeInBytes()).isEqualTo(DeadLetters.SQS_MAX_MESSAGE_BYTES);
        assertThat(DlqMessages.parse(atLimit.body()).reasons()).containsExactly(NOT_STORED);
        assertThat(atLimit.attributes()).containsEntry(DlqMessages.ATTRIBUTE_REASON_CODE, "PROCESSING_ERROR");
        assertThat(DlqMessages.parse(over.body()).reasons()).containsExactly(
                new Parking.OverSqsLimit(DeadLetters.SQS_MAX_MESSAGE_BYTES + 1).reason(), NOT_STORED);
        assertThat(over.attributes()).containsEntry(DlqMessages.ATTRIBUTE_REASON_CODE, "RECORD_TOO_LARGE");
    }

    @Test
    void aRecordAlreadyTooLargeIsNotToldSoTwice() {
        var tooLarge = new Violation(ReasonCode.RECORD_TOO_LARGE, "$", "the record is 300,012 bytes as compact JSON text, more than the 65,536 bytes (64 KiB) a record may have");

        DeadLetters.Letter letter = letter(record(0, "x".repeat(300_000)), List.of(tooLarge), null);

        assertThat(letter.sizeInBytes()).isGreaterThan(DeadLetters.SQS_MAX_MESSAGE_BYTES);
        assertThat(DlqMessages.parse(letter.body()).reasons()).containsExactly(tooLarge);
    }

    @Test
    void sizeIsCountedAsSqsCountsItInUtf8Bytes() {
        DeadLetters.Letter ascii = letter(record(0, "e"), List.of(NOT_STORED), null);
        DeadLetters.Letter accented = letter(record(0, "é"), List.of(NOT_STORED), null);
        DeadLetters.Letter emoji = letter(record(0, "😀"), List.of(NOT_STORED), null);

        assertThat(accented.sizeInBytes() - ascii.sizeInBytes()).isEqualTo(1);
        assertThat(emoji.sizeInBytes() - ascii.sizeInBytes()).isEqualTo(3);
    }
}
