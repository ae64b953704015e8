package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.orderpipeline.redrive.core.Harness.attributes;
import static io.orderpipeline.redrive.core.Harness.identified;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats collapse by {@code recordId} (#11 §6, data-contracts.md §4): a re-upload of a file (same or new version)
 * parks a second message for each invalid record, and the reconciler may park a record a failed child had already
 * sent. One run handles each record once; the other messages of the record are deleted only once that handling is
 * complete, so the last message of a record is never the one removed.
 */
class RepeatsCollapseTest {

    private final Harness h = new Harness();

    /** A message the pipeline parked for one upload of the file: its own lineage, the record's recordId. */
    private String park(JsonNode record, ReasonCode reason, String recordId) {
        return h.queue.put(Dlq.body(record, reason, recordId, 3), identified(reason, recordId));
    }

    /** The messages of a file uploaded twice: two of the record; returns the first one's id. */
    private String uploadedTwice(JsonNode record, ReasonCode reason, String recordId) {
        String first = park(record, reason, recordId);
        park(record, reason, recordId);
        return first;
    }

    @Test
    void repeatsOfARecordThatStillFailsCollapseIntoOneCopy() {
        String first = uploadedTwice(Dlq.mismatchedRecord("ORD-R1"), ReasonCode.TOTAL_MISMATCH, "rid-r1");

        JsonNode summary = h.run("{}");

        assertThat(summary.path("received").asInt()).isEqualTo(2);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
        assertThat(summary.path("duplicates").asInt()).isZero();
        assertThat(h.queue.dlq()).singleElement().satisfies(copy -> {
            assertThat(copy.attribute("recordId")).isEqualTo("rid-r1");
            assertThat(copy.attribute("lineageId")).isEqualTo(first);
            assertThat(copy.attribute("redriveAttempts")).isEqualTo("1");
            assertThat(Dlq.json(copy.body).path("recordId").asText()).isEqualTo("rid-r1");
        });

        JsonNode next = h.run("{}");

        assertThat(next.path("repeats").asInt()).as("one message of the record is left").isZero();
        assertThat(h.queue.dlq()).hasSize(1);
    }

    @Test
    void theFileMessagesOfABadFileUploadedTwiceAreOneSkippedRecordAndBothStay() {
        for (String execution : List.of("exec-1", "exec-2")) {
            var message = Dlq.fileMessage("9b2cf535f27731c974343645a3985328", execution);
            var attributes = new java.util.LinkedHashMap<String, MessageAttribute>();
            DlqMessages.attributes(message).properties().forEach(e -> attributes.put(e.getKey(),
                    new MessageAttribute(e.getValue().path("DataType").asText(),
                            e.getValue().path("StringValue").asText(), null)));
            h.queue.put(DlqMessages.toJson(message), attributes);
        }

        JsonNode summary = h.run("{}");

        assertThat(summary.path("received").asInt()).isEqualTo(2);
        assertThat(summary.path("skipped").asInt()).as("one record").isEqualTo(1);
        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).as("a skipped record's messages all stay").hasSize(2);
    }

    @Test
    void repeatsOfARecordThatNowPassesAreStoredOnce() {
        for (int i = 0; i < 3; i++) {
            park(Dlq.validRecord("ORD-R2"), ReasonCode.INVALID_SKU, "rid-r2");
        }

        JsonNode summary = h.run("{}");

        assertThat(h.table.puts()).isEqualTo(1);
        assertThat(h.table.items).containsOnlyKeys("ORD-R2");
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("repeats").asInt()).isEqualTo(2);
    }

    @Test
    void aRepeatInALaterBatchIsRemovedWithoutASecondPut() {
        park(Dlq.validRecord("ORD-R3"), ReasonCode.INVALID_SKU, "rid-r3");
        for (int i = 0; i < 9; i++) {
            park(Dlq.validRecord("ORD-F" + i), ReasonCode.INVALID_SKU, "rid-f" + i);
        }
        park(Dlq.validRecord("ORD-R3"), ReasonCode.INVALID_SKU, "rid-r3");

        JsonNode summary = h.run("{}");

        assertThat(h.table.puts()).isEqualTo(10);
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
    }

    @Test
    void differentRecordsAndMessagesWithoutARecordIdAreNeverCollapsed() {
        park(Dlq.mismatchedRecord("ORD-A"), ReasonCode.TOTAL_MISMATCH, "rid-a");
        park(Dlq.mismatchedRecord("ORD-B"), ReasonCode.TOTAL_MISMATCH, "rid-b");
        // messages from before #11 carry no recordId: the same content twice is handled twice
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-OLD"), ReasonCode.TOTAL_MISMATCH),
                attributes(ReasonCode.TOTAL_MISMATCH));
        h.queue.put(Dlq.body(Dlq.mismatchedRecord("ORD-OLD"), ReasonCode.TOTAL_MISMATCH),
                attributes(ReasonCode.TOTAL_MISMATCH));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("repeats").asInt()).isZero();
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(4);
        assertThat(h.queue.dlq()).hasSize(4);
    }

    @Test
    void repeatsStayWhenTheWriteOfTheirRecordFails() {
        uploadedTwice(Dlq.validRecord("ORD-R4"), ReasonCode.INVALID_SKU, "rid-r4");
        h.table.throttle = id -> id.equals("ORD-R4");

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).as("both messages of the record are left for the next run").hasSize(2);
        assertThat(h.queue.visible()).hasSize(2);

        h.table.throttle = id -> false;
        JsonNode next = h.run("{}");

        assertThat(next.path("redriven").asInt()).isEqualTo(1);
        assertThat(next.path("repeats").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(h.table.items).containsOnlyKeys("ORD-R4");
    }

    @Test
    void repeatsStayWhenTheReplacementOfTheirRecordIsNotSent() {
        uploadedTwice(Dlq.mismatchedRecord("ORD-R5"), ReasonCode.TOTAL_MISMATCH, "rid-r5");
        h.queue.failSendOf = body -> body.contains("ORD-R5");

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).as("nothing sent, nothing deleted").hasSize(2)
                .allSatisfy(m -> assertThat(m.attribute("redriveAttempts")).isNull());
    }

    @Test
    void aCrashBetweenTheSendAndTheDeleteLeavesCopiesAndRepeatsThatTheNextRunCollapseIntoOne() {
        String kept = uploadedTwice(Dlq.mismatchedRecord("ORD-R6"), ReasonCode.TOTAL_MISMATCH, "rid-r6");
        h.queue.deleteCallsThatFail = 1;

        JsonNode crashed = h.run("{}");

        // the copy was sent, the original's delete failed: the repeat is not removed either
        assertThat(crashed.path("errors").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).hasSize(3);
        assertThat(h.queue.dlq()).extracting(m -> m.attribute("recordId")).containsOnly("rid-r6");

        JsonNode next = h.run("{}");

        assertThat(next.path("errors").asInt()).isZero();
        assertThat(next.path("duplicates").asInt() + next.path("repeats").asInt()).isEqualTo(2);
        assertThat(h.queue.dlq()).singleElement().satisfies(m -> {
            assertThat(DlqMessages.parse(m.body).record()).isEqualTo(Dlq.mismatchedRecord("ORD-R6"));
            assertThat(m.attribute("recordId")).isEqualTo("rid-r6");
        });
        assertThat(h.queue.dlq().getFirst().messageId).isNotEqualTo(kept);
    }

    @Test
    void aDryRunCountsRepeatsAndDeletesNothing() {
        uploadedTwice(Dlq.validRecord("ORD-R7"), ReasonCode.INVALID_SKU, "rid-r7");
        List<String> before = h.queue.dlq().stream().map(m -> m.messageId).toList();

        JsonNode summary = h.run("{\"dryRun\": true}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).extracting(m -> m.messageId).containsExactlyElementsOf(before);
        assertThat(h.table.items).isEmpty();
    }

    @Test
    void aClaimCheckRepeatIsRemovedWithItsBodyWithoutBeingRead() {
        // the same large record parked by the reconciler for two uploads of the file
        String large = Dlq.body(Dlq.largeRecord("ORD-R8", 6_000), ReasonCode.RECORD_TOO_LARGE, "rid-r8", 3);
        String keptKey = h.claimChecks.store(large);
        String repeatKey = h.claimChecks.store(large);
        h.queue.putClaimCheck(keptKey, identified(ReasonCode.RECORD_TOO_LARGE, "rid-r8"));
        h.queue.putClaimCheck(repeatKey, identified(ReasonCode.RECORD_TOO_LARGE, "rid-r8"));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(h.journal).contains("read " + keptKey, "delete body " + keptKey, "delete body " + repeatKey)
                .doesNotContain("read " + repeatKey);
        assertThat(h.claimChecks.bodies).isEmpty();
        assertThat(h.queue.dlq()).singleElement().satisfies(copy ->
                assertThat(DlqMessages.parse(copy.body).record()).isEqualTo(Dlq.largeRecord("ORD-R8", 6_000)));
    }

    @Test
    void aCopyKeepsWhatTheRedriveDoesNotModel() {
        var body = Dlq.json(Dlq.body(Dlq.mismatchedRecord("ORD-R9"), ReasonCode.TOTAL_MISMATCH, "rid-r9", 41));
        body.putObject("alteredItem").putObject("orderId").put("S", "ORD-R9");
        body.put("producedBy", "a newer producer");
        h.queue.put(body.toString(), identified(ReasonCode.TOTAL_MISMATCH, "rid-r9"));

        h.run("{}");

        JsonNode copy = Dlq.json(h.queue.dlq().getFirst().body);
        assertThat(copy.path("recordId").asText()).isEqualTo("rid-r9");
        assertThat(copy.path("recordIndex").asLong()).isEqualTo(41);
        assertThat(copy.path("alteredItem")).isEqualTo(body.path("alteredItem"));
        assertThat(copy.path("producedBy").asText()).isEqualTo("a newer producer");
        assertThat(copy.at("/reasons/0/message").asText()).as("the current reasons").isNotEqualTo("rejected then");
        assertThat(List.copyOf(iterable(copy.fieldNames()))).as("in the original's field order")
                .containsExactlyElementsOf(iterable(body.fieldNames()));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
