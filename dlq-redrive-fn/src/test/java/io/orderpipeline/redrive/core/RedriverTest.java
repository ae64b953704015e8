package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.Parking;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import static io.orderpipeline.redrive.core.Harness.attributes;
import static io.orderpipeline.redrive.core.Harness.parse;
import static io.orderpipeline.redrive.core.Harness.redriven;
import static io.orderpipeline.redrive.core.Harness.value;
import static org.assertj.core.api.Assertions.assertThat;

/** What a run decides for each message (docs/redrive.md, "What happens to each message"), on in-memory ports. */
class RedriverTest {

    private final Harness h = new Harness();

    @Test
    void anOrderThatNowPassesIsWrittenAndItsMessageDeleted() {
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = h.run("{}");

        assertThat(h.table.items).containsOnlyKeys("ORD-1");
        JsonNode item = h.table.items.get("ORD-1");
        assertThat(value(item, "totalAmount")).isEqualTo("19.9");
        assertThat(value(item, "sourceKey")).isEqualTo(Dlq.SOURCE.key());
        assertThat(value(item, "executionId")).isEqualTo(Dlq.EXECUTION);
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(summary.path("received").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("alreadyPresent").asInt()).isZero();
        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(summary.path("dryRun").asBoolean()).isFalse();
        assertThat(summary.has("durationMillis")).isTrue();
    }

    @Test
    void anOrderThatStillFailsGoesBackWithOneMoreAttemptAndTheCurrentReasons() {
        String original = h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-2"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = h.run("{}");

        assertThat(h.table.items).isEmpty();
        assertThat(h.queue.dlq()).singleElement().satisfies(copy -> {
            assertThat(copy.messageId).isNotEqualTo(original);
            DlqMessage body = parse(copy);
            assertThat(body.record()).isEqualTo(Dlq.mismatchedRecord("ORD-2"));
            assertThat(body.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
            assertThat(body.stage()).isEqualTo(DlqMessage.Stage.VALIDATION);
            assertThat(body.source()).isEqualTo(Dlq.SOURCE);
            assertThat(copy.attribute("redriveAttempts")).isEqualTo("1");
            assertThat(copy.attributes.get("redriveAttempts").dataType()).isEqualTo("Number");
            assertThat(copy.attribute("lineageId")).isEqualTo(original);
            assertThat(copy.attribute("reasonCode")).isEqualTo("TOTAL_MISMATCH");
            assertThat(copy.attribute("sourceKey")).isEqualTo(Dlq.SOURCE.key());
        });
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("byReason").path("TOTAL_MISMATCH").asInt()).isEqualTo(1);
        assertThat(summary.path("received").asInt()).as("its own copy is not received again").isEqualTo(1);
        h.assertAllVisible();
    }

    @Test
    void theCopyKeepsTheLineageOfTheFirstMessageAcrossRuns() {
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-2"), ReasonCode.TOTAL_MISMATCH),
                redriven(ReasonCode.TOTAL_MISMATCH, 2, "first-message-id"));

        h.run("{}");

        InMemoryDlq.Stored copy = h.queue.dlq().getFirst();
        assertThat(copy.attribute("redriveAttempts")).isEqualTo("3");
        assertThat(copy.attribute("lineageId")).isEqualTo("first-message-id");
    }

    @Test
    void afterTheLastAttemptTheMessageIsParked() {
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-3"), ReasonCode.TOTAL_MISMATCH),
                redriven(ReasonCode.TOTAL_MISMATCH, 4, "lineage-3"));

        JsonNode summary = h.run("{}", 5);

        assertThat(h.queue.dlq()).isEmpty();
        assertThat(h.queue.parking()).singleElement().satisfies(parked -> {
            assertThat(parse(parked).record()).isEqualTo(Dlq.mismatchedRecord("ORD-3"));
            assertThat(parked.attribute("redriveAttempts")).isEqualTo("5");
            assertThat(parked.attribute("lineageId")).isEqualTo("lineage-3");
            assertThat(parked.attribute("parkedAt")).isEqualTo(Dlq.NOW.toString());
        });
        assertThat(summary.path("parked").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isZero();
    }

    @Test
    void anOrderStoredWithOtherContentIsKeptAsAConflictWithItsRecordUnchanged() {
        h.table.store(Dlq.item(Dlq.validRecord("ORD-4").put("customerId", "CUST-OTHER")));
        JsonNode storedBefore = h.table.items.get("ORD-4");
        String original = h.queue.put(Dlq.body(Dlq.validRecord("ORD-4"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = h.run("{}");

        assertThat(h.table.items.get("ORD-4")).isEqualTo(storedBefore);
        assertThat(h.queue.dlq()).singleElement().satisfies(copy -> {
            assertThat(copy.messageId).isNotEqualTo(original);
            DlqMessage body = parse(copy);
            assertThat(body.reasons()).containsExactly(new Parking.Conflict("ORD-4").reason());
            assertThat(body.record()).isEqualTo(Dlq.validRecord("ORD-4"));
            assertThat(copy.attribute("reasonCode")).isEqualTo("DUPLICATE_ORDER_CONFLICT");
            assertThat(copy.attribute("redriveAttempts")).isEqualTo("1");
        });
        assertThat(summary.path("conflicts").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isZero();
    }

    @Test
    void aWriteConflictFromTheStateMachineKeepsItsItem() {
        var item = Dlq.item(Dlq.validRecord("ORD-5"));
        h.table.store(Dlq.item(Dlq.validRecord("ORD-5").put("channel", "phone")));
        h.queue.put(Dlq.conflictBody(item), attributes(ReasonCode.DUPLICATE_ORDER_CONFLICT));

        JsonNode summary = h.run("{}");

        DlqMessage body = parse(h.queue.dlq().getFirst());
        assertThat(body.stage()).isEqualTo(DlqMessage.Stage.WRITE);
        assertThat(body.item()).isEqualTo(item);
        assertThat(body.record()).isNull();
        assertThat(summary.path("conflicts").asInt()).isEqualTo(1);
    }

    @Test
    void aWriteConflictWhoseStoredOrderWasRemovedIsWrittenFromItsItem() {
        var item = Dlq.item(Dlq.validRecord("ORD-6"));
        h.queue.put(Dlq.conflictBody(item), attributes(ReasonCode.DUPLICATE_ORDER_CONFLICT));

        JsonNode summary = h.run("{}");

        assertThat(h.table.items).containsOnlyKeys("ORD-6");
        assertThat(value(h.table.items.get("ORD-6"), "contentHash")).isEqualTo(value(item, "contentHash"));
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
    }

    @Test
    void aFileMessageIsSkippedAndLeftVisible() {
        h.queue.put(Dlq.fileBody(), attributes(ReasonCode.FILE_ERROR));

        JsonNode summary = h.run("{}");

        assertThat(h.queue.dlq()).hasSize(1);
        h.assertAllVisible();
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        assertThat(summary.path("received").asInt()).isEqualTo(1);
        assertThat(h.journal).noneMatch(call -> call.startsWith("send") || call.equals("delete"));
    }

    @Test
    void aBodyThatIsNotADlqMessageIsSkippedNotLost() {
        h.queue.put("hello", attributes(ReasonCode.PROCESSING_ERROR));

        JsonNode summary = h.run("{}");

        assertThat(h.queue.dlq()).hasSize(1);
        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        h.assertAllVisible();
    }

    @Test
    void filtersLeaveNonMatchingMessagesAloneAndUncounted() {
        SourceRef otherFile = new SourceRef("orders-bucket", "incoming/2026/10/old.csv", null);
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-B"), ReasonCode.TOTAL_MISMATCH), attributes(ReasonCode.TOTAL_MISMATCH));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-C"), ReasonCode.INVALID_SKU, otherFile),
                attributes(ReasonCode.INVALID_SKU, otherFile.key()));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-A"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-D"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = h.run("""
                {"reasonCode": "INVALID_SKU", "sourceKeyPrefix": "incoming/2026/11/", "maxMessages": 1}""");

        // the two that do not match do not use up maxMessages: the first match is still handled, the next is not
        assertThat(h.table.items).containsOnlyKeys("ORD-A");
        assertThat(h.queue.dlq()).hasSize(3);
        h.assertAllVisible();
        assertThat(summary.path("received").asInt()).isEqualTo(3);
        assertThat(summary.path("filteredOut").asInt()).isEqualTo(2);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatWouldHappen() {
        h.table.store(Dlq.item(Dlq.validRecord("ORD-C").put("customerId", "CUST-OTHER")));
        h.table.store(Dlq.item(Dlq.validRecord("ORD-P")));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-V"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-P"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-I"), ReasonCode.TOTAL_MISMATCH),
                attributes(ReasonCode.TOTAL_MISMATCH));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-C"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-K"), ReasonCode.TOTAL_MISMATCH),
                redriven(ReasonCode.TOTAL_MISMATCH, 4, "lineage-K"));
        List<InMemoryDlq.Stored> before = h.queue.dlq();
        var tableBefore = new HashMap<>(h.table.items);

        JsonNode summary = h.run("{\"dryRun\": true}");

        assertThat(h.table.puts()).isZero();
        assertThat(h.table.predictions()).isPositive();
        assertThat(h.journal).noneMatch(call -> call.startsWith("send") || call.equals("delete"));
        assertThat(h.queue.calls("release")).isPositive();
        assertThat(h.table.items).isEqualTo(tableBefore);
        assertThat(h.queue.dlq()).containsExactlyElementsOf(before);
        assertThat(h.queue.parking()).isEmpty();
        h.assertAllVisible();
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
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-7"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.deleteCallsThatFail = 1;

        JsonNode first = h.run("{}");

        assertThat(h.table.items).containsOnlyKeys("ORD-7");
        assertThat(h.queue.dlq()).as("not deleted: still there").hasSize(1);
        assertThat(first.path("errors").asInt()).isEqualTo(1);
        assertThat(first.path("redriven").asInt()).isZero();
        h.assertAllVisible();

        h.clock.advance(Duration.ofMinutes(10));
        JsonNode second = h.run("{}");

        assertThat(h.table.puts()).isEqualTo(2);
        assertThat(h.table.items).containsOnlyKeys("ORD-7");
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(second.path("redriven").asInt()).isEqualTo(1);
        assertThat(second.path("alreadyPresent").asInt()).isEqualTo(1);
        assertThat(second.path("errors").asInt()).isZero();
    }

    @Test
    void theSameMessageDeliveredTwiceIsWrittenOnceAndBothDeliveriesRemoved() {
        String id = h.queue.put(Dlq.body(Dlq.validRecord("ORD-8"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));
        h.queue.duplicate(id);

        JsonNode summary = h.run("{}");

        assertThat(h.table.puts()).isEqualTo(1);
        assertThat(h.table.items).containsOnlyKeys("ORD-8");
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void aDuplicateArrivingInALaterBatchIsRemovedWithoutASecondPut() {
        String id = h.queue.put(Dlq.body(Dlq.validRecord("ORD-D0"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));
        for (int i = 1; i < 10; i++) {
            h.queue.put(Dlq.body(Dlq.validRecord("ORD-D" + i), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        }
        h.queue.duplicate(id);

        JsonNode summary = h.run("{}");

        assertThat(h.table.puts()).isEqualTo(10);
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(10);
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void aConflictAtTheLastAttemptIsParked() {
        h.table.store(Dlq.item(Dlq.validRecord("ORD-CP").put("customerId", "CUST-OTHER")));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-CP"), ReasonCode.DUPLICATE_ORDER_CONFLICT),
                redriven(ReasonCode.DUPLICATE_ORDER_CONFLICT, 1, "lineage-CP"));

        JsonNode summary = h.run("{}", 2);

        assertThat(h.queue.dlq()).isEmpty();
        InMemoryDlq.Stored parked = h.queue.parking().getFirst();
        assertThat(parse(parked).primaryReason()).isEqualTo(ReasonCode.DUPLICATE_ORDER_CONFLICT);
        assertThat(parked.attribute("redriveAttempts")).isEqualTo("2");
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
        h.queue.put(Dlq.body(csvRecord, ReasonCode.PROCESSING_ERROR, csvFile),
                attributes(ReasonCode.PROCESSING_ERROR, csvFile.key()));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(value(h.table.items.get("ORD-CSV"), "totalAmount")).isEqualTo("19.9");
        assertThat(value(h.table.items.get("ORD-CSV"), "sourceKey")).isEqualTo(csvFile.key());
    }

    @Test
    void copiesLeftByACrashBetweenSendAndDeleteCollapseIntoOne() {
        // the original (attempt 1) was re-sent as attempt 2, then the run died before deleting it
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-9"), ReasonCode.TOTAL_MISMATCH),
                redriven(ReasonCode.TOTAL_MISMATCH, 1, "lineage-9"));
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-9"), ReasonCode.TOTAL_MISMATCH),
                redriven(ReasonCode.TOTAL_MISMATCH, 2, "lineage-9"));

        JsonNode summary = h.run("{}");

        assertThat(h.queue.dlq()).singleElement().satisfies(left -> {
            assertThat(left.attribute("lineageId")).isEqualTo("lineage-9");
            assertThat(parse(left).record()).isEqualTo(Dlq.mismatchedRecord("ORD-9"));
        });
        assertThat(summary.path("duplicates").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedDeleteEntryKeepsThatMessageAndTheOthersComplete() {
        String failing = h.queue.put(Dlq.body(Dlq.validRecord("ORD-10"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-11"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.failDeleteOf.add(failing);

        JsonNode summary = h.run("{}");

        assertThat(h.table.items).containsOnlyKeys("ORD-10", "ORD-11");
        assertThat(h.queue.dlq()).extracting(s -> s.messageId).containsExactly(failing);
        h.assertAllVisible();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedSendEntryKeepsTheOriginalUntouchedAndTheOthersComplete() {
        String failing = h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-12"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));
        String other = h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-13"), ReasonCode.INVALID_SKU),
                attributes(ReasonCode.INVALID_SKU));
        h.queue.failSendOf = body -> body.contains("ORD-12");

        JsonNode summary = h.run("{}");

        assertThat(h.queue.dlq()).extracting(s -> s.messageId).contains(failing).doesNotContain(other).hasSize(2);
        InMemoryDlq.Stored untouched = h.queue.find(failing);
        assertThat(untouched.attribute("redriveAttempts")).isNull();
        assertThat(parse(untouched).primaryReason()).isEqualTo(ReasonCode.INVALID_SKU);
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        h.assertAllVisible();
    }

    @Test
    void aThrottledPutLeavesItsMessageAndTheRunGoesOn() {
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-14"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-15"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.table.throttle = "ORD-14"::equals;

        JsonNode summary = h.run("{}");

        assertThat(h.table.items).containsOnlyKeys("ORD-15");
        assertThat(h.queue.dlq()).singleElement().satisfies(m -> assertThat(parse(m).orderId()).isEqualTo("ORD-14"));
        h.assertAllVisible();
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
    }

    @Test
    void theTimeBudgetStopsTheLoopAndLeavesTheRestUntouched() {
        for (int i = 0; i < 40; i++) {
            h.queue.put(Dlq.body(Dlq.validRecord("ORD-T" + i), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        }
        h.queue.receiveTakes = Duration.ofSeconds(4);

        JsonNode summary = h.run("{\"timeBudgetSeconds\": 10, \"maxMessages\": 1000}");

        // receives start at 0 s, 4 s and 8 s, inside the 10 s budget; the fourth would start at 12 s
        assertThat(summary.path("received").asInt()).isEqualTo(30);
        assertThat(h.table.items).hasSize(30);
        assertThat(h.queue.dlq()).hasSize(10);
        h.assertAllVisible();
    }

    @Test
    void maxMessagesBoundsTheRun() {
        for (int i = 0; i < 25; i++) {
            h.queue.put(Dlq.body(Dlq.validRecord("ORD-M" + i), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        }

        JsonNode summary = h.run("{\"maxMessages\": 13}");

        assertThat(summary.path("received").asInt()).isEqualTo(13);
        assertThat(h.table.items).hasSize(13);
        assertThat(h.queue.dlq()).hasSize(12);
    }

    @Test
    void aQueueThatCannotBeReadStopsTheRunWithAnError() {
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-R"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));
        h.queue.receiveFails = true;

        JsonNode summary = h.summary(h.queue, h.claimChecks, "{}", 5);

        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("received").asInt()).isZero();
        assertThat(h.queue.calls("receive")).isEqualTo(1);
        assertThat(h.table.items).isEmpty();
    }

    /**
     * docs/redrive.md, "Order of operations": puts, then sends (DLQ copies, then parking), then the deletes of exactly
     * the originals whose put or send succeeded, then the claim-check bodies of those deleted; the heartbeat stops
     * before the held messages are released.
     */
    @Test
    void eachBatchGoesThroughItsStepsInTheDocumentedOrder() {
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-O1"), ReasonCode.TOTAL_MISMATCH),
                attributes(ReasonCode.TOTAL_MISMATCH));
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-O2"), ReasonCode.TOTAL_MISMATCH),
                redriven(ReasonCode.TOTAL_MISMATCH, 4, "lineage-O2"));
        String key = h.claimChecks.store(Dlq.body(Dlq.validRecord("ORD-O3"), ReasonCode.RECORD_TOO_LARGE));
        h.queue.putClaimCheck(key, attributes(ReasonCode.RECORD_TOO_LARGE));
        h.queue.put("not a DLQ body", attributes(ReasonCode.PROCESSING_ERROR));

        h.run("{}");

        assertThat(h.journal).containsExactly("receive", "read " + key, "put ORD-O3", "send DLQ", "send PARKING",
                "delete", "delete body " + key, "receive", "receive", "heartbeat stopped", "release");
        assertThat(h.queue.held).as("held at the end: the skipped message and the run's own copy").hasSize(2);
    }
}
