package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.orderpipeline.model.Orders.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParkingTest {

    private static final SourceRef SOURCE = new SourceRef("orders-bucket", "incoming/2026/11/orders.json", "v1");
    private static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1";
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    private ObjectNode sampleItem() {
        Order order = ((ValidationResult.Valid) validator.validate(Orders.sample(), RecordFormat.JSON)).order();
        return OrderItemMapper.toItem(order, new IngestionContext(SOURCE, EXECUTION, AT));
    }

    @Test
    void aConflictIsWordedOnceForEveryProducer() {
        assertThat(new Parking.Conflict("ORD-7").reason()).isEqualTo(new Violation(ReasonCode.DUPLICATE_ORDER_CONFLICT,
                "$.orderId", "An order with orderId ORD-7 and different content is already stored"));
    }

    @Test
    void aWriteConflictCarriesTheItemAndItsRecordsIdentityAndRoundTrips() {
        ObjectNode item = sampleItem();
        DlqMessage conflict = Parking.atWrite(new Parking.Conflict("ORD-2026-000001"), item, SOURCE, EXECUTION, AT,
                "9a71c0d2e4f8b3a65d1e0f9c8b7a6d5e", 4L);

        JsonNode body = json(DlqMessages.toJson(conflict));
        assertThat(body.get("kind").asText()).isEqualTo("ORDER");
        assertThat(body.get("stage").asText()).isEqualTo("WRITE");
        assertThat(body.get("orderId").asText()).isEqualTo("ORD-2026-000001");
        assertThat(body.get("item")).isEqualTo(item);
        assertThat(body.has("record")).isFalse();
        assertThat(body.get("recordId").asText()).isEqualTo("9a71c0d2e4f8b3a65d1e0f9c8b7a6d5e");
        assertThat(body.get("recordIndex").asLong()).isEqualTo(4);
        assertThat(body.get("reasons").get(0).get("code").asText()).isEqualTo("DUPLICATE_ORDER_CONFLICT");
        DlqMessage parsed = DlqMessages.parse(body.toString());
        assertThat(parsed).isEqualTo(conflict);
        assertThat(OrderItemMapper.fromItem(parsed.item()).orderId()).isEqualTo("ORD-2026-000001");
        assertThat(DlqMessages.attributes(parsed).get(DlqMessages.ATTRIBUTE_REASON_CODE).get("StringValue").asText())
                .isEqualTo("DUPLICATE_ORDER_CONFLICT");
    }

    @Test
    void aFailedPutNamesStepFunctionsErrorAndCause() {
        DlqMessage failed = Parking.atWrite(new Parking.WriteFailed("DynamoDB.ResourceNotFoundException",
                "Requested resource not found"), sampleItem(), SOURCE, EXECUTION, AT, "rid", 0L);

        assertThat(failed.primaryReason()).isEqualTo(ReasonCode.PROCESSING_ERROR);
        assertThat(failed.reasons().getFirst().message()).isEqualTo("The DynamoDB write failed after its retries: "
                + "DynamoDB.ResourceNotFoundException: Requested resource not found");
        assertThat(failed.stage()).isEqualTo(DlqMessage.Stage.WRITE);
    }

    @Test
    void aPutStillThrottledAfterItsRetriesSaysSoAndThatTheRedriveStoresIt() {
        for (var error : Parking.WriteFailed.THROTTLING) {
            var reason = new Parking.WriteFailed(error, "Throughput exceeds the current capacity of your table or index.");
            assertThat(reason.code()).isEqualTo(ReasonCode.PROCESSING_ERROR);
            assertThat(reason.message()).startsWith("The DynamoDB write was throttled and ran out of retries")
                    .contains("redrive it to store it").contains(error).endsWith("capacity of your table or index.");
        }
        assertThat(new Parking.WriteFailed("DynamoDB.InternalServerError", "x").message()).doesNotContain("throttled");
    }

    @Test
    void aFileMessageHasNoRecordTheFilesIdentityAndOneFileErrorNamingTheErrorAndItsCause() {
        var reason = new Parking.FileFailed(Parking.OrderFileError.UNREADABLE, "line 1, byte 29: … [MALFORMED_JSON]");
        DlqMessage file = Parking.ofFile(reason, SOURCE, "b1946ac92492d2347c6235b4d2611184", EXECUTION, AT);

        assertThat(file.kind()).isEqualTo(DlqMessage.Kind.FILE);
        assertThat(file.stage()).isEqualTo(DlqMessage.Stage.FILE_READ);
        assertThat(file.orderId()).isNull();
        assertThat(file.record()).isNull();
        assertThat(file.recordIndex()).isNull();
        assertThat(file.reasons()).containsExactly(new Violation(ReasonCode.FILE_ERROR, "$",
                "The file could not be processed: OrderFile.Unreadable: line 1, byte 29: … [MALFORMED_JSON]"));
        // the file's identity: its key and ETag, as an attribute too (the redrive reads it without the body)
        assertThat(file.recordId()).isEqualTo(FileRecords.fileRecordId(SOURCE.key(), "b1946ac92492d2347c6235b4d2611184"))
                .hasSize(64);
        assertThat(DlqMessages.attributes(file).path(DlqMessages.ATTRIBUTE_RECORD_ID).path("StringValue").asText())
                .isEqualTo(file.recordId());
        // a re-upload of the same bytes (same ETag, quoted or not) is the same record; other bytes or another key are not
        assertThat(Parking.ofFile(reason, SOURCE, "\"b1946ac92492d2347c6235b4d2611184\"", "other-execution", AT)
                .recordId()).isEqualTo(file.recordId());
        assertThat(Parking.ofFile(reason, SOURCE, "0cc175b9c0f1b6a831c399e269772661", EXECUTION, AT).recordId())
                .isNotEqualTo(file.recordId());
        assertThat(Parking.ofFile(reason, new SourceRef(SOURCE.bucket(), "incoming/other.json", null),
                "b1946ac92492d2347c6235b4d2611184", EXECUTION, AT).recordId()).isNotEqualTo(file.recordId());
    }

    @Test
    void theReconcilersMessageCarriesTheRecordAsReadAndRefusesToParkWithoutAReason() {
        JsonNode record = Orders.sample();
        DlqMessage parked = Parking.fromReconciliation(List.of(new Parking.NotStored("its batch failed").reason()),
                record, "ORD-2026-000001", SOURCE, EXECUTION, AT, "rid", 3);

        assertThat(parked.stage()).isEqualTo(DlqMessage.Stage.RECONCILIATION);
        assertThat(parked.record()).isSameAs(record);
        assertThat(parked.recordIndex()).isEqualTo(3L);
        assertThat(parked.reasons().getFirst().message()).isEqualTo("not stored: its batch failed");
        assertThatThrownBy(() -> Parking.fromReconciliation(List.of(), record, null, SOURCE, EXECUTION, AT, "rid", 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachKindHasItsCodeAndTheWordsThatSayWhy() {
        assertThat(new Parking.NotStored(null).message()).isEqualTo("not stored: unknown");
        assertThat(new Parking.ReconcilerWriteFailed("DynamoDB PutItem ORD-1: boom").reason())
                .isEqualTo(new Violation(ReasonCode.PROCESSING_ERROR, "$",
                        "the reconciler's DynamoDB write failed: DynamoDB PutItem ORD-1: boom"));
        assertThat(new Parking.OverItemLimit(409_601).reason()).isEqualTo(new Violation(ReasonCode.RECORD_TOO_LARGE,
                "$", "its DynamoDB item is 409601 bytes, more than DynamoDB's 400 KB item limit (409600 bytes)"));
        assertThat(new Parking.OverSqsLimit(300_000).reason()).isEqualTo(new Violation(ReasonCode.RECORD_TOO_LARGE,
                "$", "the DLQ message is 300000 bytes, more than SQS's 262144: its body is stored in S3 (claim check)"));
        assertThat(Parking.Altered.seenAsBlank().reason()).isEqualTo(new Violation(ReasonCode.ALTERED_IN_TRANSIT, "$",
                "the validator received a blank line"));
        assertThat(Parking.Altered.parkedOtherwise("abc").message())
                .isEqualTo("the record in its DLQ message differs from the file's (recordId abc in the file)");
        assertThat(Parking.Altered.storedOtherwise("s1", null, "DELETED").message())
                .isEqualTo("the order was stored with content hash s1, the file's record has none (it is invalid);"
                        + " stored item DELETED");
    }

    @Test
    void fileErrorNamesAndDeferralsAreRecognisedByTheirTextAndNothingElse() {
        assertThat(Parking.OrderFileError.named("OrderFile.MissingColumns"))
                .contains(Parking.OrderFileError.MISSING_COLUMNS);
        assertThat(Parking.OrderFileError.named("OrderFile.Other")).isEmpty();
        assertThat(Parking.OrderFileError.values()).extracting(Parking.OrderFileError::errorName)
                .allMatch(name -> name.startsWith("OrderFile.")).doesNotHaveDuplicates();
        assertThat(Parking.Deferral.named("BATCH_OUTPUT_FULL")).contains(Parking.Deferral.BATCH_OUTPUT_FULL);
        assertThat(Parking.Deferral.named("RECORD_TOO_LARGE")).contains(Parking.Deferral.RECORD_TOO_LARGE);
        assertThat(Parking.Deferral.named(null)).isEmpty();
        assertThat(Parking.Deferral.named("batch_output_full")).isEmpty();
    }
}
