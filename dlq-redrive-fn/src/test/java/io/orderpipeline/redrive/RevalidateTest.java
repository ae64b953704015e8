package io.orderpipeline.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.orderpipeline.model.Orders.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevalidateTest {

    private static final Instant AT = Instant.parse("2026-11-24T09:00:00Z");
    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    private DlqMessage message(DlqMessage.Stage stage, com.fasterxml.jackson.databind.JsonNode record,
                               com.fasterxml.jackson.databind.JsonNode item, String key) {
        return new DlqMessage(1, DlqMessage.Kind.ORDER, stage, "ORD-1",
                List.of(new Violation(ReasonCode.PROCESSING_ERROR, "$", "x")), record, item,
                new SourceRef("orders-bucket", key, null), "arn:exec", AT);
    }

    @Test
    void aFixedRecordPassesAndABrokenOneStillFails() {
        assertThat(validator.revalidate(message(DlqMessage.Stage.PROCESSING, Orders.sample(), null, "in/a.json"))
                .isValid()).isTrue();
        ObjectNode broken = Orders.sample();
        broken.put("totalAmount", new BigDecimal("1"));
        assertThat(validator.revalidate(message(DlqMessage.Stage.VALIDATION, broken, null, "in/a.json")))
                .isInstanceOfSatisfying(ValidationResult.Invalid.class,
                        r -> assertThat(r.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH));
    }

    @Test
    void theSourceKeyDecidesTheFormatSoCsvRowsKeepTheirStringNumbers() {
        ObjectNode row = json(Orders.SAMPLE_CSV_RECORD);
        assertThat(validator.revalidate(message(DlqMessage.Stage.VALIDATION, row, null, "in/a.csv")).isValid()).isTrue();
        assertThat(validator.revalidate(message(DlqMessage.Stage.VALIDATION, row, null, "in/a.json")).isValid()).isFalse();
    }

    @Test
    void aWriteConflictIsCheckedFromItsItem() {
        Order order = ((ValidationResult.Valid) validator.validate(Orders.sample(), RecordFormat.JSON)).order();
        ObjectNode item = OrderItemMapper.toItem(order, new IngestionContext(new SourceRef("b", "in/a.csv", null), "e", AT));
        ValidationResult result = validator.revalidate(message(DlqMessage.Stage.WRITE, null, item, "in/a.csv"));
        assertThat(result).isInstanceOfSatisfying(ValidationResult.Valid.class,
                v -> assertThat(ContentHash.of(v.order())).isEqualTo(OrderItemMapper.contentHash(item)));
    }

    @Test
    void somethingThatIsNotAnOrderIsMalformedAndAFileIsRefused() {
        assertThat(validator.revalidate(message(DlqMessage.Stage.WRITE, null, json("{\"orderId\":{\"S\":\"x\"}}"), "k.json")))
                .isInstanceOfSatisfying(ValidationResult.Invalid.class,
                        r -> assertThat(r.primaryReason()).isEqualTo(ReasonCode.MALFORMED_RECORD));
        assertThat(validator.revalidate(message(DlqMessage.Stage.PROCESSING, null, null, "k.json")).isValid()).isFalse();
        DlqMessage file = new DlqMessage(1, DlqMessage.Kind.FILE, DlqMessage.Stage.FILE_READ, null,
                List.of(new Violation(ReasonCode.FILE_ERROR, "$", "unreadable")), null, null, null, null, AT);
        assertThatThrownBy(() -> validator.revalidate(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonsCanBeRefreshedWithoutTouchingTheContent() {
        DlqMessage original = message(DlqMessage.Stage.VALIDATION, Orders.sample(), null, "in/a.json");
        DlqMessage refreshed = original.withReasons(List.of(new Violation(ReasonCode.FUTURE_DATE, "$.orderDate", "later")));
        assertThat(refreshed.record()).isSameAs(original.record());
        assertThat(refreshed.primaryReason()).isEqualTo(ReasonCode.FUTURE_DATE);
        assertThat(refreshed.source()).isEqualTo(original.source());
    }
}
