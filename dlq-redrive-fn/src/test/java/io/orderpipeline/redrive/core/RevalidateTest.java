package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the redrive re-validates in a DLQ message: the record it carries, or the item of a write conflict. */
class RevalidateTest {

    private final Triage triage = new Triage(new OrderValidator(Clock.fixed(Dlq.NOW, ZoneOffset.UTC)));

    private static DlqMessage message(DlqMessage.Stage stage, JsonNode record, JsonNode item, String key) {
        return new DlqMessage(1, DlqMessage.Kind.ORDER, stage, "ORD-1",
                List.of(new Violation(ReasonCode.PROCESSING_ERROR, "$", "x")), record, item,
                new SourceRef("orders-bucket", key, null), "arn:exec", Dlq.NOW.minusSeconds(3600));
    }

    @Test
    void aFixedRecordPassesAndABrokenOneStillFails() {
        assertThat(triage.revalidate(message(DlqMessage.Stage.PROCESSING, Dlq.validRecord("ORD-1"), null, "in/a.json"))
                .isValid()).isTrue();
        ObjectNode broken = Dlq.validRecord("ORD-1");
        broken.put("totalAmount", new BigDecimal("1"));
        assertThat(triage.revalidate(message(DlqMessage.Stage.VALIDATION, broken, null, "in/a.json")))
                .isInstanceOfSatisfying(ValidationResult.Invalid.class,
                        r -> assertThat(r.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH));
    }

    @Test
    void theSourceKeyDecidesTheFormatSoCsvRowsKeepTheirStringNumbers() throws IOException {
        JsonNode row = Json.read("""
                {"orderId":"ORD-1","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                 "items":"[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":\\"2\\",\\"unitPrice\\":\\"9.95\\"}]",
                 "totalAmount":"19.90","channel":""}
                """);
        assertThat(triage.revalidate(message(DlqMessage.Stage.VALIDATION, row, null, "in/a.csv")).isValid()).isTrue();
        assertThat(triage.revalidate(message(DlqMessage.Stage.VALIDATION, row, null, "in/a.json")).isValid()).isFalse();
    }

    @Test
    void aWriteConflictIsCheckedFromItsItem() {
        ObjectNode item = Dlq.item(Dlq.validRecord("ORD-1"));
        ValidationResult result = triage.revalidate(message(DlqMessage.Stage.WRITE, null, item, "in/a.csv"));
        assertThat(result).isInstanceOfSatisfying(ValidationResult.Valid.class,
                v -> assertThat(ContentHash.of(v.order())).isEqualTo(OrderItemMapper.contentHash(item)));
    }

    @Test
    void somethingThatIsNotAnOrderIsMalformedAndAFileIsRefused() throws IOException {
        assertThat(triage.revalidate(message(DlqMessage.Stage.WRITE, null, Json.read("{\"orderId\":{\"S\":\"x\"}}"), "k.json")))
                .isInstanceOfSatisfying(ValidationResult.Invalid.class,
                        r -> assertThat(r.primaryReason()).isEqualTo(ReasonCode.MALFORMED_RECORD));
        assertThat(triage.revalidate(message(DlqMessage.Stage.PROCESSING, null, null, "k.json")).isValid()).isFalse();
        DlqMessage file = new DlqMessage(1, DlqMessage.Kind.FILE, DlqMessage.Stage.FILE_READ, null,
                List.of(new Violation(ReasonCode.FILE_ERROR, "$", "unreadable")), null, null, null, null, Dlq.NOW);
        assertThatThrownBy(() -> triage.revalidate(file)).isInstanceOf(IllegalArgumentException.class);
    }
}
