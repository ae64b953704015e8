package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;

import static io.orderpipeline.redrive.core.Harness.attributes;
import static io.orderpipeline.redrive.core.Harness.identified;
import static io.orderpipeline.redrive.core.Harness.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run decides for claim-check messages (docs/redrive.md, "Claim checks"): the body is read before triage, the
 * message is replaced or stored like any other, and its body is deleted only after the message; a body that cannot be
 * had leaves the message as it is. How bodies are stored, pointed to and re-offloaded is the adapters' (aws tests).
 */
class ClaimCheckTest {

    private final Harness h = new Harness();

    /** A record parked by the reconciler as RECORD_TOO_LARGE, its body in the claim-check store; the body's key. */
    private String parkLarge(String orderId, String recordId) {
        String key = h.claimChecks.store(Dlq.body(Dlq.largeRecord(orderId, 6_000), ReasonCode.RECORD_TOO_LARGE,
                recordId, 7));
        h.queue.putClaimCheck(key, identified(ReasonCode.RECORD_TOO_LARGE, recordId));
        return key;
    }

    @Test
    void aLargeMessageThatStillFailsIsReplacedAndItsBodyDeletedOnlyAfterItsMessage() {
        String key = parkLarge("ORD-BIG-1", "rid-big-1");
        String original = h.queue.dlq().getFirst().messageId;
        JsonNode before = Dlq.json(h.claimChecks.bodies.get(key));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("stillInvalid").path("byReason").path("TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(h.journal).containsSubsequence("read " + key, "send DLQ", "delete", "delete body " + key);
        assertThat(h.claimChecks.bodies).isEmpty();
        assertThat(h.queue.dlq()).singleElement().satisfies(copy -> {
            assertThat(copy.attribute("redriveAttempts")).isEqualTo("1");
            assertThat(copy.attribute("lineageId")).isEqualTo(original);
            assertThat(copy.attribute("recordId")).isEqualTo("rid-big-1");
            assertThat(copy.attribute("reasonCode")).isEqualTo("TOO_MANY_ITEMS");
            JsonNode after = Dlq.json(copy.body);
            assertThat(after.get("record")).as("the record travels untouched").isEqualTo(before.get("record"));
            assertThat(after.get("recordId").asText()).isEqualTo("rid-big-1");
            assertThat(after.get("recordIndex").asLong()).isEqualTo(7);
            assertThat(after.at("/reasons/0/code").asText()).isEqualTo("TOO_MANY_ITEMS");
        });
    }

    @Test
    void atTheLastAttemptALargeMessageIsParkedWithItsWholeBody() {
        parkLarge("ORD-BIG-2", "rid-big-2");

        JsonNode summary = h.run("{}", 1);

        assertThat(summary.path("parked").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(h.queue.parking()).singleElement().satisfies(parked -> {
            assertThat(parked.attribute("parkedAt")).isNotNull();
            DlqMessage body = parse(parked);
            assertThat(body.record()).isEqualTo(Dlq.largeRecord("ORD-BIG-2", 6_000));
            assertThat(body.primaryReason()).isEqualTo(ReasonCode.TOO_MANY_ITEMS);
        });
        assertThat(h.claimChecks.bodies).isEmpty();
    }

    @Test
    void anOrderThatNowPassesIsStoredThenItsMessageThenItsBodyDeleted() {
        String key = h.claimChecks.store(Dlq.body(Dlq.validRecord("ORD-CC"), ReasonCode.PROCESSING_ERROR));
        h.queue.putClaimCheck(key, attributes(ReasonCode.PROCESSING_ERROR));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(h.journal).containsSubsequence("read " + key, "put ORD-CC", "delete", "delete body " + key);
        assertThat(h.queue.dlq()).isEmpty();
        assertThat(h.claimChecks.bodies).isEmpty();
    }

    @Test
    void aMissingBodyLeavesItsMessageAsItIsAndTheOthersGoOn() {
        String key = parkLarge("ORD-GONE", "rid-gone");
        h.claimChecks.bodies.clear();
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-OK"), ReasonCode.INVALID_SKU), attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("skipped").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(h.table.items).containsOnlyKeys("ORD-OK");
        assertThat(h.queue.dlq()).singleElement().satisfies(m -> assertThat(m.body).isEqualTo(key));
        assertThat(h.queue.visible()).hasSize(1);
    }

    @Test
    void aStoreFailureReadingABodyIsAnErrorAndChangesNothing() {
        String key = parkLarge("ORD-SLOW", "rid-slow");
        String parked = h.queue.dlq().getFirst().messageId;
        h.claimChecks.failReads.add(key);

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).singleElement().satisfies(m -> assertThat(m.messageId).isEqualTo(parked));
        assertThat(h.queue.visible()).hasSize(1);
        assertThat(h.claimChecks.bodies).containsOnlyKeys(key);

        h.claimChecks.failReads.clear();
        assertThat(h.run("{}").path("stillInvalid").path("total").asInt()).as("the next run handles it").isEqualTo(1);
        assertThat(h.claimChecks.bodies).isEmpty();
    }

    @Test
    void aCrashBetweenTheSendAndTheDeleteLeavesTwoMessagesAndTheNextRunKeepsOne() {
        String key = parkLarge("ORD-CRASH", "rid-crash");
        String original = h.queue.dlq().getFirst().messageId;
        h.queue.deleteCallsThatFail = 1;

        JsonNode first = h.run("{}");

        assertThat(first.path("errors").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).as("the original and its copy").hasSize(2);
        assertThat(h.queue.dlq()).extracting(m -> m.attribute("lineageId")).containsOnly(null, original);
        assertThat(h.claimChecks.bodies).as("the original keeps its body").containsOnlyKeys(key);

        JsonNode second = h.run("{}");

        assertThat(second.path("errors").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(1);
        assertThat(second.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).singleElement().satisfies(m -> {
            assertThat(m.attribute("lineageId")).isEqualTo(original);
            assertThat(parse(m).record()).isEqualTo(Dlq.largeRecord("ORD-CRASH", 6_000));
        });
        assertThat(h.claimChecks.bodies).as("deleted with the last message that pointed to it").isEmpty();
    }

    @Test
    void aBodyThatCannotBeDeletedIsLeftBehindAndNothingIsLost() {
        String key = parkLarge("ORD-KEEP", "rid-keep");
        h.claimChecks.denyDeletes.add(key);

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).as("the message is handled; only its old body stays").isZero();
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(h.claimChecks.bodies).containsOnlyKeys(key);
        assertThat(parse(h.queue.dlq().getFirst()).record()).isEqualTo(Dlq.largeRecord("ORD-KEEP", 6_000));
    }

    @Test
    void aDryRunReadsTheBodyAndChangesNothing() {
        String key = parkLarge("ORD-DRY", "rid-dry");
        String parked = h.queue.dlq().getFirst().messageId;

        JsonNode summary = h.run("{\"dryRun\": true}");

        assertThat(summary.path("stillInvalid").path("byReason").path("TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(h.journal).contains("read " + key).noneMatch(call -> call.startsWith("delete"));
        assertThat(h.queue.dlq()).singleElement().satisfies(m -> assertThat(m.messageId).isEqualTo(parked));
        assertThat(h.claimChecks.bodies).containsOnlyKeys(key);
    }

    @Test
    void aClaimCheckTheRequestDoesNotAskForIsNotRead() {
        parkLarge("ORD-OTHER", "rid-other");

        JsonNode summary = h.run("{\"reasonCode\": \"TOTAL_MISMATCH\"}");

        assertThat(summary.path("filteredOut").asInt()).isEqualTo(1);
        assertThat(h.run("{\"sourceKeyPrefix\": \"incoming/elsewhere/\"}").path("filteredOut").asInt()).isEqualTo(1);
        assertThat(h.journal).noneMatch(call -> call.startsWith("read"));
        assertThat(h.claimChecks.bodies).hasSize(1);
    }
}
