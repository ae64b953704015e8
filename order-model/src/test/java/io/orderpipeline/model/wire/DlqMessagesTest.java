package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.orderpipeline.model.Orders.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DlqMessagesTest {

    private static final IngestionContext CONTEXT = new IngestionContext(
            new SourceRef("orders-bucket", "incoming/2026/11/orders.json", "v1"),
            "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1",
            Instant.parse("2026-11-24T10:00:00Z"));

    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    private DlqMessage invalidSampleMessage() {
        ObjectNode record = Orders.sample();
        record.put("totalAmount", new BigDecimal("25.00"));
        ValidationResult.Invalid result = (ValidationResult.Invalid) validator.validate(record, RecordFormat.JSON);
        return DlqMessages.invalidOrder(record, result, CONTEXT);
    }

    @Test
    void theBodyOfAnInvalidOrderHasTheContractShape() {
        JsonNode body = json(DlqMessages.toJson(invalidSampleMessage()));

        assertThat(body.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(body.get("kind").asText()).isEqualTo("ORDER");
        assertThat(body.get("stage").asText()).isEqualTo("VALIDATION");
        assertThat(body.get("orderId").asText()).isEqualTo("ORD-2026-000001");
        assertThat(body.get("reasons")).isEqualTo(json("""
                {"r":[{"code":"TOTAL_MISMATCH","path":"$.totalAmount",
                       "message":"totalAmount 25.00 does not equal the sum of the items 24.40"}]}""").get("r"));
        assertThat(body.get("source")).isEqualTo(json(
                "{\"bucket\":\"orders-bucket\",\"key\":\"incoming/2026/11/orders.json\",\"versionId\":\"v1\"}"));
        assertThat(body.get("executionId").asText()).isEqualTo(CONTEXT.executionId());
        assertThat(body.get("failedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(body.has("item")).isFalse();
    }

    @Test
    void aRecordsIdentityAndIndexTravelInTheBodyAndAsAnAttribute() {
        ObjectNode record = Orders.sample();
        record.put("totalAmount", new BigDecimal("25.00"));
        ValidationResult.Invalid result = (ValidationResult.Invalid) validator.validate(record, RecordFormat.JSON);
        DlqMessage message = DlqMessages.invalidOrder(record, result, CONTEXT, 7);

        assertThat(message.recordId()).isEqualTo(FileRecords.recordId(CONTEXT.source().key(), record)).hasSize(32);
        assertThat(message.recordIndex()).isEqualTo(7L);
        JsonNode body = json(DlqMessages.toJson(message));
        assertThat(body.get("recordId").asText()).isEqualTo(message.recordId());
        assertThat(body.get("recordIndex").asLong()).isEqualTo(7);
        assertThat(DlqMessages.parse(DlqMessages.toJson(message))).isEqualTo(message);
        assertThat(DlqMessages.attributes(message).path(DlqMessages.ATTRIBUTE_RECORD_ID).path("StringValue").asText())
                .isEqualTo(message.recordId());
        // the same record in a re-upload of the same key is the same record
        assertThat(DlqMessages.invalidOrder(record.deepCopy(), result, CONTEXT, 9).recordId()).isEqualTo(message.recordId());
    }

    @Test
    void aMessageTheReconcilerParkedParsesWithItsStageAndReason() {
        String body = """
                {"schemaVersion":1,"kind":"ORDER","stage":"RECONCILIATION","orderId":"ORD-1","recordId":"00112233445566778899aabbccddeeff",
                 "recordIndex":3,"reasons":[{"code":"ALTERED_IN_TRANSIT","path":"$","message":"stored with another hash"}],
                 "record":{"orderId":"ORD-1"},"source":{"bucket":"b","key":"incoming/a.json","versionId":null},
                 "executionId":"arn:x","failedAt":"2026-11-24T10:00:00Z","alteredItem":{"orderId":{"S":"ORD-1"}}}""";
        DlqMessage message = DlqMessages.parse(body);
        assertThat(message.stage()).isEqualTo(DlqMessage.Stage.RECONCILIATION);
        assertThat(message.primaryReason()).isEqualTo(ReasonCode.ALTERED_IN_TRANSIT);
        assertThat(message.recordIndex()).isEqualTo(3L);
    }

    @Test
    void theRecordIsCarriedExactlyAsDelivered() {
        String text = DlqMessages.toJson(invalidSampleMessage());
        assertThat(text).contains("\"totalAmount\":25.00").contains("\"unitPrice\":4.50");
    }

    @Test
    void aBodyRoundTrips() {
        DlqMessage message = invalidSampleMessage();
        DlqMessage parsed = DlqMessages.parse(DlqMessages.toJson(message));
        assertThat(parsed).isEqualTo(message);
        assertThat(parsed.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
    }

    @Test
    void aMessageWithoutAnOrderIdCanBeNamedOnceTheOrderIsKnownButANamedOneKeepsItsId() {
        DlqMessage named = invalidSampleMessage();
        DlqMessage anonymous = new DlqMessage(named.schemaVersion(), named.kind(), DlqMessage.Stage.PROCESSING, null,
                named.reasons(), named.record(), null, named.source(), named.executionId(), named.failedAt());

        DlqMessage filled = anonymous.withOrderIdIfMissing("ORD-2026-000001");
        assertThat(filled.orderId()).isEqualTo("ORD-2026-000001");
        assertThat(filled.record()).isEqualTo(anonymous.record());
        assertThat(filled.stage()).isEqualTo(DlqMessage.Stage.PROCESSING);
        assertThat(named.withOrderIdIfMissing("SOMETHING-ELSE").orderId()).isEqualTo("ORD-2026-000001");
        assertThat(anonymous.withOrderIdIfMissing(null).orderId()).isNull();
    }

    @Test
    void aNonObjectRecordRoundTripsWithANullOrderId() {
        JsonNode record = Orders.anyJson("[1,2,3]");
        ValidationResult.Invalid result = (ValidationResult.Invalid) validator.validate(record, RecordFormat.JSONL);
        DlqMessage message = DlqMessages.invalidOrder(record, result, CONTEXT);
        String text = DlqMessages.toJson(message);
        assertThat(json(text).get("orderId").isNull()).isTrue();
        assertThat(DlqMessages.parse(text)).isEqualTo(message);
    }

    @Test
    void theAttributesUseTheStepFunctionsSendMessageShape() {
        assertThat(DlqMessages.attributes(invalidSampleMessage())).isEqualTo(json("""
                {"reasonCode":{"DataType":"String","StringValue":"TOTAL_MISMATCH"},
                 "sourceKey":{"DataType":"String","StringValue":"incoming/2026/11/orders.json"}}
                """));
    }

    @Test
    void aRedrivenMessageCountsItsAttempts() {
        assertThat(DlqMessages.attributes(invalidSampleMessage(), 2).get("redriveAttempts"))
                .isEqualTo(json("{\"DataType\":\"Number\",\"StringValue\":\"2\"}"));
    }

    @Test
    void aBodyBuiltByTheStateMachineParses() {
        DlqMessage parsed = DlqMessages.parse("""
                {"schemaVersion":1,"kind":"ORDER","stage":"PROCESSING",
                 "reasons":[{"code":"PROCESSING_ERROR","path":"$","message":"Lambda.Unknown: boom"}],
                 "record":{"orderId":"ORD-9"},"source":{"bucket":"b","key":"incoming/x.csv"},
                 "executionId":"arn:exec","failedAt":"2026-11-24T10:00:00.123Z","error":{"Error":"x"}}
                """);
        assertThat(parsed.stage()).isEqualTo(DlqMessage.Stage.PROCESSING);
        assertThat(parsed.orderId()).isNull();
        assertThat(parsed.source()).isEqualTo(new SourceRef("b", "incoming/x.csv", null));
        assertThat(parsed.failedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z"));
        assertThat(parsed.record().get("orderId").asText()).isEqualTo("ORD-9");
        assertThat(DlqMessages.attributes(parsed).get("reasonCode").get("StringValue").asText())
                .isEqualTo("PROCESSING_ERROR");
    }

    @Test
    void aFileFailureHasNoRecord() {
        DlqMessage parsed = DlqMessages.parse("""
                {"schemaVersion":1,"kind":"FILE","stage":"FILE_READ",
                 "reasons":[{"code":"FILE_ERROR","path":"$","message":"States.ItemReaderFailed"}],
                 "source":{"bucket":"b","key":"incoming/x.txt","versionId":null},"executionId":"arn:exec"}
                """);
        assertThat(parsed.kind()).isEqualTo(DlqMessage.Kind.FILE);
        assertThat(parsed.record()).isNull();
        assertThat(parsed.failedAt()).isNull();
        assertThat(parsed.primaryReason()).isEqualTo(ReasonCode.FILE_ERROR);
    }

    @Test
    void somethingThatIsNotADlqBodyIsRejected() {
        assertThatThrownBy(() -> DlqMessages.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DlqMessages.parse("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DlqMessages.parse("{\"kind\":\"ORDER\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage");
        assertThatThrownBy(() -> DlqMessages.parse(
                "{\"kind\":\"ORDER\",\"stage\":\"VALIDATION\",\"reasons\":[{\"code\":\"NOPE\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
    }

    @Test
    void reasonsCanBeRefreshedWithoutTouchingTheContent() {
        DlqMessage original = invalidSampleMessage();
        DlqMessage refreshed = original.withReasons(List.of(new Violation(ReasonCode.FUTURE_DATE, "$.orderDate", "later")));
        assertThat(refreshed.record()).isSameAs(original.record());
        assertThat(refreshed.primaryReason()).isEqualTo(ReasonCode.FUTURE_DATE);
        assertThat(refreshed.source()).isEqualTo(original.source());
    }
}
