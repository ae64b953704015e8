package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.Parking;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class RedriveHandlerTest {

    private MutableClock clock;
    private FakeSqs sqs;
    private FakeTable table;
    private final FakeS3 s3 = new FakeS3();
    private Tracing tracing = Tracing.lambda();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Dlq.NOW);
        sqs = new FakeSqs(clock, Dlq.DLQ, Dlq.PARKING);
        table = new FakeTable();
    }

    private JsonNode run(String request) {
        return run(request, 5);
    }

    private JsonNode run(String request, int maxAttempts) {
        RedriveHandler handler = new RedriveHandler(Dlq.environment(maxAttempts), sqs.client, table.client, s3.client, clock,
                tracing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out,
                    TestContext.withRemaining(600_000));
            JsonNode summary = Json.read(out.toString(StandardCharsets.UTF_8));
            assertEveryMessageHasOneOutcome(summary);
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertEveryMessageHasOneOutcome(JsonNode summary) {
        int outcomes = 0;
        for (String field : List.of("redriven", "conflicts", "parked", "skipped", "filteredOut", "duplicates", "repeats",
                "errors")) {
            outcomes += summary.path(field).asInt();
        }
        outcomes += summary.path("stillInvalid").path("total").asInt();
        assertThat(outcomes).as("outcomes of %s", summary).isEqualTo(summary.path("received").asInt());
    }

    /** The run is over: every message it left behind is visible again for the next one. */
    private void assertAllVisible() {
        assertThat(sqs.visible(Dlq.DLQ)).hasSameSizeAs(sqs.messages(Dlq.DLQ));
    }

    @Test
    void anOrderThatNowPassesIsWrittenAndItsMessageDeleted() {
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = run("{}");

        assertThat(table.items).containsOnlyKeys("ORD-1");
        assertThat(table.items.get("ORD-1").get("totalAmount").n()).isEqualTo("19.9");
        assertThat(table.items.get("ORD-1").get("sourceKey").s()).isEqualTo(Dlq.SOURCE.key());
        assertThat(table.items.get("ORD-1").get("executionId").s()).isEqualTo(Dlq.EXECUTION);
        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        assertThat(summary.path("received").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("alreadyPresent").asInt()).isZero();
        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(summary.path("dryRun").asBoolean()).isFalse();
        assertThat(summary.has("durationMillis")).isTrue();
    }

    @Test
    void anOrderThatStillFailsGoesBackWithOneMoreAttemptAndTheCurrentReasons() {
        String original = sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-2"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = run("{}");

        assertThat(table.items).isEmpty();
        List<FakeSqs.Stored> left = sqs.messages(Dlq.DLQ);
        assertThat(left).hasSize(1);
        FakeSqs.Stored copy = left.getFirst();
        assertThat(copy.messageId).isNotEqualTo(original);
        DlqMessage body = Dlq.parse(copy);
        assertThat(body.record()).isEqualTo(Dlq.mismatchedRecord("ORD-2"));
        assertThat(body.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
        assertThat(body.stage()).isEqualTo(DlqMessage.Stage.VALIDATION);
        assertThat(body.source()).isEqualTo(Dlq.SOURCE);
        assertThat(Dlq.attribute(copy, "redriveAttempts")).isEqualTo("1");
        assertThat(copy.attributes.get("redriveAttempts").dataType()).isEqualTo("Number");
        assertThat(Dlq.attribute(copy, "lineageId")).isEqualTo(original);
        assertThat(Dlq.attribute(copy, "reasonCode")).isEqualTo("TOTAL_MISMATCH");
        assertThat(Dlq.attribute(copy, "sourceKey")).isEqualTo(Dlq.SOURCE.key());
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("byReason").path("TOTAL_MISMATCH").asInt()).isEqualTo(1);
        assertThat(summary.path("received").asInt()).as("its own copy is not received again").isEqualTo(1);
        assertAllVisible();
    }

    @Test
    void theCopyKeepsTheLineageOfTheFirstMessageAcrossRuns() {
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-2"), ReasonCode.TOTAL_MISMATCH),
                Dlq.redriven(ReasonCode.TOTAL_MISMATCH, 2, "first-message-id"));

        run("{}");

        FakeSqs.Stored copy = sqs.messages(Dlq.DLQ).getFirst();
        assertThat(Dlq.attribute(copy, "redriveAttempts")).isEqualTo("3");
        assertThat(Dlq.attribute(copy, "lineageId")).isEqualTo("first-message-id");
    }

    @Test
    void afterTheLastAttemptTheMessageIsParked() {
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-3"), ReasonCode.TOTAL_MISMATCH),
                Dlq.redriven(ReasonCode.TOTAL_MISMATCH, 4, "lineage-3"));

        JsonNode summary = run("{}", 5);

        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        List<FakeSqs.Stored> parked = sqs.messages(Dlq.PARKING);
        assertThat(parked).hasSize(1);
        assertThat(Dlq.parse(parked.getFirst()).record()).isEqualTo(Dlq.mismatchedRecord("ORD-3"));
        assertThat(Dlq.attribute(parked.getFirst(), "redriveAttempts")).isEqualTo("5");
        assertThat(Dlq.attribute(parked.getFirst(), "lineageId")).isEqualTo("lineage-3");
        assertThat(Dlq.attribute(parked.getFirst(), "parkedAt")).isEqualTo(Dlq.NOW.toString());
        assertThat(summary.path("parked").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isZero();
    }

    @Test
    void anOrderStoredWithOtherContentIsKeptAsAConflictWithItsRecordUnchanged() {
        table.store(Dlq.sdkItem(Dlq.validRecord("ORD-4").put("customerId", "CUST-OTHER")));
        var storedBefore = table.items.get("ORD-4");
        String original = sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-4"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = run("{}");

        assertThat(table.items.get("ORD-4")).isEqualTo(storedBefore);
        FakeSqs.Stored copy = sqs.messages(Dlq.DLQ).getFirst();
        assertThat(sqs.messages(Dlq.DLQ)).hasSize(1);
        assertThat(copy.messageId).isNotEqualTo(original);
        DlqMessage body = Dlq.parse(copy);
        assertThat(body.reasons()).containsExactly(new Parking.Conflict("ORD-4").reason());
        assertThat(body.record()).isEqualTo(Dlq.validRecord("ORD-4"));
        assertThat(Dlq.attribute(copy, "reasonCode")).isEqualTo("DUPLICATE_ORDER_CONFLICT");
        assertThat(Dlq.attribute(copy, "redriveAttempts")).isEqualTo("1");
        assertThat(summary.path("conflicts").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isZero();
    }

    @Test
    void aWriteConflictFromTheStateMachineKeepsItsItem() {
        var item = Dlq.item(Dlq.validRecord("ORD-5"));
        table.store(Dlq.sdkItem(Dlq.validRecord("ORD-5").put("channel", "phone")));
        sqs.put(Dlq.DLQ, Dlq.conflictBody(item), Dlq.attributes(ReasonCode.DUPLICATE_ORDER_CONFLICT));

        JsonNode summary = run("{}");

        DlqMessage body = Dlq.parse(sqs.messages(Dlq.DLQ).getFirst());
        assertThat(body.stage()).isEqualTo(DlqMessage.Stage.WRITE);
        assertThat(body.item()).isEqualTo(item);
        assertThat(body.record()).isNull();
        assertThat(summary.path("conflicts").asInt()).isEqualTo(1);
    }

    @Test
    void aWriteConflictWhoseStoredOrderWasRemovedIsWrittenFromItsItem() {
        var item = Dlq.item(Dlq.validRecord("ORD-6"));
        sqs.put(Dlq.DLQ, Dlq.conflictBody(item), Dlq.attributes(ReasonCode.DUPLICATE_ORDER_CONFLICT));

        JsonNode summary = run("{}");

        assertThat(table.items).containsOnlyKeys("ORD-6");
        assertThat(table.items.get("ORD-6").get("contentHash").s()).isEqualTo(item.path("contentHash").path("S").asText());
        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
    }

    @Test
    void aFileMessageIsSkippedAndLeftVisible() {
        sqs.put(Dlq.DLQ, Dlq.fileBody(), Dlq.attributes(ReasonCode.FILE_ERROR));

        JsonNode summary = run("{}");

        assertThat(sqs.messages(Dlq.DLQ)).hasSize(1);
        assertAllVisible();
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        assertThat(summary.path("received").asInt()).isEqualTo(1);
        verify(sqs.client, never()).sendMessageBatch(any(SendMessageBatchRequest.class));
        verify(sqs.client, never()).deleteMessageBatch(any(DeleteMessageBatchRequest.class));
    }

    @Test
    void aBodyThatIsNotADlqMessageIsSkippedNotLost() {
        sqs.put(Dlq.DLQ, "hello", Dlq.attributes(ReasonCode.PROCESSING_ERROR));

        JsonNode summary = run("{}");

        assertThat(sqs.messages(Dlq.DLQ)).hasSize(1);
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        assertAllVisible();
    }

    @Test
    void filtersLeaveNonMatchingMessagesAloneAndUncounted() {
        SourceRef otherFile = new SourceRef("orders-bucket", "incoming/2026/10/old.csv", null);
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-B"), ReasonCode.TOTAL_MISMATCH), Dlq.attributes(ReasonCode.TOTAL_MISMATCH));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-C"), ReasonCode.INVALID_SKU, otherFile),
                Dlq.attributes(ReasonCode.INVALID_SKU, otherFile.key()));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-A"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-D"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = run("""
                {"reasonCode": "INVALID_SKU", "sourceKeyPrefix": "incoming/2026/11/", "maxMessages": 1}""");

        // the two that do not match do not use up maxMessages: the first match is still handled, the next is not
        assertThat(table.items).containsOnlyKeys("ORD-A");
        assertThat(sqs.messages(Dlq.DLQ)).hasSize(3);
        assertAllVisible();
        assertThat(summary.path("received").asInt()).isEqualTo(3);
        assertThat(summary.path("filteredOut").asInt()).isEqualTo(2);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatWouldHappen() {
        table.store(Dlq.sdkItem(Dlq.validRecord("ORD-C").put("customerId", "CUST-OTHER")));
        table.store(Dlq.sdkItem(Dlq.validRecord("ORD-P")));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-V"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-P"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-I"), ReasonCode.TOTAL_MISMATCH),
                Dlq.attributes(ReasonCode.TOTAL_MISMATCH));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-C"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-K"), ReasonCode.TOTAL_MISMATCH),
                Dlq.redriven(ReasonCode.TOTAL_MISMATCH, 4, "lineage-K"));
        List<FakeSqs.Stored> before = sqs.messages(Dlq.DLQ);
        var tableBefore = new java.util.HashMap<>(table.items);

        JsonNode summary = run("{\"dryRun\": true}");

        verify(table.client, never()).putItem(any(PutItemRequest.class));
        verify(table.client, atLeastOnce()).getItem(any(GetItemRequest.class));
        verify(sqs.client, never()).sendMessageBatch(any(SendMessageBatchRequest.class));
        verify(sqs.client, never()).deleteMessageBatch(any(DeleteMessageBatchRequest.class));
        verify(sqs.client, atLeastOnce()).changeMessageVisibilityBatch(any(ChangeMessageVisibilityBatchRequest.class));
        assertThat(table.items).isEqualTo(tableBefore);
        assertThat(sqs.messages(Dlq.DLQ)).containsExactlyElementsOf(before);
        assertThat(sqs.messages(Dlq.PARKING)).isEmpty();
        assertAllVisible();
        assertThat(summary.path("dryRun").asBoolean()).isTrue();
        assertThat(summary.path("received").asInt()).isEqualTo(5);
        assertThat(summary.path("redriven").asInt()).isEqualTo(2);
        assertThat(summary.path("alreadyPresent").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("byReason").path("TOTAL_MISMATCH").asInt()).isEqualTo(1);
        assertThat(summary.path("conflicts").asInt()).isEqualTo(1);
        assertThat(summary.path("parked").asInt()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenTheWriteAndTheDeleteLosesNothingAndTheNextRunFinishes() {
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-7"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.deleteCallsThatThrow = 1;

        JsonNode first = run("{}");

        assertThat(table.items).containsOnlyKeys("ORD-7");
        assertThat(sqs.messages(Dlq.DLQ)).as("not deleted: still there").hasSize(1);
        assertThat(first.path("errors").asInt()).isEqualTo(1);
        assertThat(first.path("redriven").asInt()).isZero();
        assertAllVisible();

        clock.advance(Duration.ofMinutes(10));
        JsonNode second = run("{}");

        verify(table.client, times(2)).putItem(any(PutItemRequest.class));
        assertThat(table.items).containsOnlyKeys("ORD-7");
        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        assertThat(second.path("redriven").asInt()).isEqualTo(1);
        assertThat(second.path("alreadyPresent").asInt()).isEqualTo(1);
        assertThat(second.path("errors").asInt()).isZero();
    }

    @Test
    void theSameMessageDeliveredTwiceIsWrittenOnceAndBothDeliveriesRemoved() {
        String id = sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-8"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.duplicate(Dlq.DLQ, id);

        JsonNode summary = run("{}");

        verify(table.client, times(1)).putItem(any(PutItemRequest.class));
        assertThat(table.items).containsOnlyKeys("ORD-8");
        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void aDuplicateArrivingInALaterBatchIsRemovedWithoutASecondPut() {
        String id = sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-D0"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));
        for (int i = 1; i < 10; i++) {
            sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-D" + i), ReasonCode.INVALID_SKU),
                    Dlq.attributes(ReasonCode.INVALID_SKU));
        }
        sqs.duplicate(Dlq.DLQ, id);

        JsonNode summary = run("{}");

        verify(table.client, times(10)).putItem(any(PutItemRequest.class));
        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(10);
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void aConflictAtTheLastAttemptIsParked() {
        table.store(Dlq.sdkItem(Dlq.validRecord("ORD-CP").put("customerId", "CUST-OTHER")));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-CP"), ReasonCode.DUPLICATE_ORDER_CONFLICT),
                Dlq.redriven(ReasonCode.DUPLICATE_ORDER_CONFLICT, 1, "lineage-CP"));

        JsonNode summary = run("{}", 2);

        assertThat(sqs.messages(Dlq.DLQ)).isEmpty();
        FakeSqs.Stored parked = sqs.messages(Dlq.PARKING).getFirst();
        assertThat(Dlq.parse(parked).primaryReason()).isEqualTo(ReasonCode.DUPLICATE_ORDER_CONFLICT);
        assertThat(Dlq.attribute(parked, "redriveAttempts")).isEqualTo("2");
        assertThat(summary.path("parked").asInt()).isEqualTo(1);
        assertThat(summary.path("conflicts").asInt()).isZero();
    }

    @Test
    void aCsvRecordIsRevalidatedWithTheCsvRules() {
        SourceRef csvFile = new SourceRef("orders-bucket", "incoming/2026/11/orders.csv", null);
        var csvRecord = Dlq.json("""
                {"orderId":"ORD-CSV","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                 "items":"[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":\\"2\\",\\"unitPrice\\":\\"9.95\\"}]",
                 "totalAmount":"19.90","channel":"","shippingAddress":"","attributes":""}
                """);
        sqs.put(Dlq.DLQ, Dlq.body(csvRecord, ReasonCode.PROCESSING_ERROR, csvFile),
                Dlq.attributes(ReasonCode.PROCESSING_ERROR, csvFile.key()));

        JsonNode summary = run("{}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(table.items.get("ORD-CSV").get("totalAmount").n()).isEqualTo("19.9");
        assertThat(table.items.get("ORD-CSV").get("sourceKey").s()).isEqualTo(csvFile.key());
    }

    @Test
    void copiesLeftByACrashBetweenSendAndDeleteCollapseIntoOne() {
        // the original (attempt 1) was re-sent as attempt 2, then the run died before deleting it
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-9"), ReasonCode.TOTAL_MISMATCH),
                Dlq.redriven(ReasonCode.TOTAL_MISMATCH, 1, "lineage-9"));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-9"), ReasonCode.TOTAL_MISMATCH),
                Dlq.redriven(ReasonCode.TOTAL_MISMATCH, 2, "lineage-9"));

        JsonNode summary = run("{}");

        List<FakeSqs.Stored> left = sqs.messages(Dlq.DLQ);
        assertThat(left).hasSize(1);
        assertThat(Dlq.attribute(left.getFirst(), "lineageId")).isEqualTo("lineage-9");
        assertThat(Dlq.parse(left.getFirst()).record()).isEqualTo(Dlq.mismatchedRecord("ORD-9"));
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedDeleteEntryKeepsThatMessageAndTheOthersComplete() {
        String failing = sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-10"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-11"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.failDeleteOf.add(failing);

        JsonNode summary = run("{}");

        assertThat(table.items).containsOnlyKeys("ORD-10", "ORD-11");
        assertThat(sqs.messages(Dlq.DLQ)).extracting(s -> s.messageId).containsExactly(failing);
        assertAllVisible();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedSendEntryKeepsTheOriginalUntouchedAndTheOthersComplete() {
        String failing = sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-12"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));
        String other = sqs.put(Dlq.DLQ, Dlq.body(Dlq.mismatchedRecord("ORD-13"), ReasonCode.INVALID_SKU),
                Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.failSendOf = body -> body.contains("ORD-12");

        JsonNode summary = run("{}");

        List<FakeSqs.Stored> left = sqs.messages(Dlq.DLQ);
        assertThat(left).extracting(s -> s.messageId).contains(failing).doesNotContain(other).hasSize(2);
        FakeSqs.Stored untouched = sqs.find(Dlq.DLQ, failing);
        assertThat(Dlq.attribute(untouched, "redriveAttempts")).isNull();
        assertThat(Dlq.parse(untouched).primaryReason()).isEqualTo(ReasonCode.INVALID_SKU);
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertAllVisible();
    }

    @Test
    void aThrottledPutLeavesItsMessageAndTheRunGoesOn() {
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-14"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-15"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        table.throttle = "ORD-14"::equals;

        JsonNode summary = run("{}");

        assertThat(table.items).containsOnlyKeys("ORD-15");
        assertThat(sqs.messages(Dlq.DLQ)).hasSize(1);
        assertThat(Dlq.parse(sqs.messages(Dlq.DLQ).getFirst()).orderId()).isEqualTo("ORD-14");
        assertAllVisible();
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
    }

    @Test
    void theTimeBudgetStopsTheLoopAndLeavesTheRestUntouched() {
        for (int i = 0; i < 40; i++) {
            sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-T" + i), ReasonCode.INVALID_SKU),
                    Dlq.attributes(ReasonCode.INVALID_SKU));
        }
        sqs.receiveTakes = Duration.ofSeconds(4);

        JsonNode summary = run("{\"timeBudgetSeconds\": 10, \"maxMessages\": 1000}");

        // receives start at 0 s, 4 s and 8 s, inside the 10 s budget; the fourth would start at 12 s
        assertThat(summary.path("received").asInt()).isEqualTo(30);
        assertThat(table.items).hasSize(30);
        assertThat(sqs.messages(Dlq.DLQ)).hasSize(10);
        assertAllVisible();
    }

    @Test
    void maxMessagesBoundsTheRun() {
        for (int i = 0; i < 25; i++) {
            sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-M" + i), ReasonCode.INVALID_SKU),
                    Dlq.attributes(ReasonCode.INVALID_SKU));
        }

        JsonNode summary = run("{\"maxMessages\": 13}");

        assertThat(summary.path("received").asInt()).isEqualTo(13);
        assertThat(table.items).hasSize(13);
        assertThat(sqs.messages(Dlq.DLQ)).hasSize(12);
    }

    @Test
    void anInvalidRequestIsRejectedBeforeTouchingAnything() {
        for (String request : List.of("{\"maxMessages\": 0}", "{\"maxMessages\": 1001}", "{\"maxMessages\": \"ten\"}",
                "{\"dryRun\": \"yes\"}", "{\"reasonCode\": \"NOPE\"}", "{\"dryrun\": true}", "[1]", "{not json",
                "{\"timeBudgetSeconds\": 0}", "{\"sourceKeyPrefix\": 3}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(request))
                    .as(request).isInstanceOf(InvalidRedriveRequestException.class);
        }
        verify(sqs.client, never()).receiveMessage(any(software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest.class));
    }
}
