package io.orderpipeline.redrive.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.List;
import java.util.Map;

import static io.orderpipeline.redrive.aws.AwsHarness.attribute;
import static io.orderpipeline.redrive.aws.AwsHarness.attributes;
import static io.orderpipeline.redrive.aws.AwsHarness.identified;
import static io.orderpipeline.redrive.aws.AwsHarness.pointerKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claim-check DLQ messages (data-contracts.md §7) through the adapters: bodies over SQS's limit parked in S3 by the
 * reconciler with the Amazon SQS Extended Client. The redrive reads them with the library's payload store, re-parks a
 * copy with a body of its own through the Extended Client, and deletes a message's body only after the message; a
 * message never shares its body with another, whichever step fails.
 */
class ClaimCheckRedriveTest {

    private final AwsHarness h = new AwsHarness();

    /** A record parked by the reconciler as RECORD_TOO_LARGE: its body (about 360 KB) went to S3. */
    private String parkLarge(String orderId, String recordId) {
        String body = Dlq.body(Dlq.largeRecord(orderId, 6_000), ReasonCode.RECORD_TOO_LARGE, recordId, 7);
        assertThat(body.length()).isGreaterThan(262_144);
        return h.park(body, identified(ReasonCode.RECORD_TOO_LARGE, recordId));
    }

    @Test
    void aLargeMessageThatStillFailsIsReParkedWithABodyOfItsOwnAndTheOldBodyIsDeleted() {
        String original = parkLarge("ORD-BIG-1", "rid-big-1");
        FakeSqs.Stored parked = h.dlq().getFirst();
        String oldKey = pointerKey(parked);
        String oldBody = h.fullBody(parked);
        h.s3.calls.clear();

        JsonNode summary = h.run("{}");

        assertThat(summary.path("stillInvalid").path("byReason").path("TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(summary.path("errors").asInt()).isZero();
        FakeSqs.Stored copy = h.dlq().getFirst();
        assertThat(h.dlq()).hasSize(1);
        String newKey = pointerKey(copy);
        assertThat(newKey).as("the copy is a claim check too").startsWith(Dlq.PAYLOADS).isNotEqualTo(oldKey);
        assertThat(h.bodies()).as("the original's body is deleted, the copy's is there").containsExactly(newKey);
        assertThat(attribute(copy, "ExtendedPayloadSize")).isNotNull();
        assertThat(attribute(copy, "redriveAttempts")).isEqualTo("1");
        assertThat(attribute(copy, "lineageId")).isEqualTo(original);
        assertThat(attribute(copy, "recordId")).isEqualTo("rid-big-1");
        assertThat(attribute(copy, "reasonCode")).isEqualTo("TOO_MANY_ITEMS");
        JsonNode before = Dlq.json(oldBody);
        JsonNode after = Dlq.json(h.fullBody(copy));
        assertThat(after.get("record")).as("the record travels untouched").isEqualTo(before.get("record"));
        assertThat(after.get("recordIndex").asLong()).isEqualTo(7);
        // the body is fetched, then the copy's body stored, then (after the SQS delete) the old body deleted
        assertThat(h.s3.calls).containsExactly("GET " + Dlq.BUCKET + "/" + oldKey, "PUT " + Dlq.BUCKET + "/" + newKey,
                "DELETE " + Dlq.BUCKET + "/" + oldKey);
        h.assertOneBodyPerClaimCheck();
    }

    @Test
    void atTheLastAttemptALargeMessageIsParkedAndItsBodyStaysReachable() {
        parkLarge("ORD-BIG-2", "rid-big-2");

        JsonNode summary = h.run("{}", 1);

        assertThat(summary.path("parked").asInt()).isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
        FakeSqs.Stored parked = h.parking().getFirst();
        assertThat(attribute(parked, "parkedAt")).isNotNull();
        DlqMessage body = DlqMessages.parse(h.fullBody(parked));
        assertThat(body.record()).isEqualTo(Dlq.largeRecord("ORD-BIG-2", 6_000));
        assertThat(body.primaryReason()).isEqualTo(ReasonCode.TOO_MANY_ITEMS);
        h.assertOneBodyPerClaimCheck();
    }

    @Test
    void aCopyThatOutgrowsSqsLimitGoesThroughTheClaimCheck() {
        // an inline body just under the limit whose current reasons make the copy longer than SQS allows
        var record = Dlq.validRecord("ORD-EDGE").put("totalAmount", new java.math.BigDecimal("25.00"));
        record.putObject("attributes").put("note", "n".repeat(10));
        String small = Dlq.body(record, ReasonCode.TOTAL_MISMATCH);
        int pad = 262_144 - FakeSqs.size(small, attributes(ReasonCode.TOTAL_MISMATCH)) - 40;
        ((ObjectNode) record.get("attributes")).put("note", "n".repeat(10 + pad));
        String body = Dlq.body(record, ReasonCode.TOTAL_MISMATCH).replace("rejected then", "x");
        assertThat(FakeSqs.size(body, attributes(ReasonCode.TOTAL_MISMATCH))).isLessThanOrEqualTo(262_144);
        h.sqs.put(Dlq.DLQ, body, attributes(ReasonCode.TOTAL_MISMATCH));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(pointerKey(h.dlq().getFirst())).as("the longer copy is offloaded").isNotNull();
        assertThat(DlqMessages.parse(h.fullBody(h.dlq().getFirst())).record()).isEqualTo(record);
        h.assertOneBodyPerClaimCheck();
    }

    @Test
    void copiesAreSentInBatchesSqsAccepts() {
        // ten copies of about 60 KB each: one SendMessageBatch of ten would be far over SQS's 262,144 bytes
        for (int i = 0; i < 10; i++) {
            var record = Dlq.mismatchedRecord("ORD-MID-" + i);
            record.putObject("attributes").put("note", "m".repeat(60_000));
            h.sqs.put(Dlq.DLQ, Dlq.body(record, ReasonCode.TOTAL_MISMATCH), attributes(ReasonCode.TOTAL_MISMATCH));
        }

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(10);
        assertThat(h.dlq()).hasSize(10).allSatisfy(m -> {
            assertThat(attribute(m, "redriveAttempts")).isEqualTo("1");
            assertThat(pointerKey(m)).as("each fits SQS on its own").isNull();
        });
    }

    @Test
    void aPointerOutsideTheClaimCheckPrefixIsNeverFollowed() {
        Map<String, MessageAttributeValue> attributes = identified(ReasonCode.RECORD_TOO_LARGE, "rid-x");
        attributes.put("ExtendedPayloadSize", MessageAttributeValue.builder().dataType("Number").stringValue("300000")
                .build());
        h.sqs.put(Dlq.DLQ, "[\"software.amazon.payloadoffloading.PayloadS3Pointer\","
                + "{\"s3BucketName\":\"someone-elses-bucket\",\"s3Key\":\"dlq-payloads/x\"}]", attributes);
        h.sqs.put(Dlq.DLQ, "[\"software.amazon.payloadoffloading.PayloadS3Pointer\","
                + "{\"s3BucketName\":\"" + Dlq.BUCKET + "\",\"s3Key\":\"incoming/orders.json\"}]", attributes);
        h.sqs.put(Dlq.DLQ, "not a pointer", attributes);

        JsonNode summary = h.run("{}");

        assertThat(summary.path("skipped").asInt()).isEqualTo(3);
        assertThat(h.s3.calls).as("no S3 call for a pointer the pipeline did not write").isEmpty();
        assertThat(h.dlq()).hasSize(3);
    }

    @Test
    void aCrashBetweenTheSendAndTheDeleteLeavesTwoMessagesWithABodyEachAndTheNextRunKeepsOne() {
        String original = parkLarge("ORD-CRASH", "rid-crash");
        h.sqs.deleteCallsThatThrow = 1;

        JsonNode first = h.run("{}");

        assertThat(first.path("errors").asInt()).isEqualTo(1);
        assertThat(h.dlq()).as("the original and its copy").hasSize(2);
        assertThat(h.dlq()).extracting(m -> attribute(m, "lineageId")).containsOnly(null, original);
        h.assertOneBodyPerClaimCheck();

        JsonNode second = h.run("{}");

        assertThat(second.path("errors").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(1);
        assertThat(h.dlq()).singleElement().satisfies(m -> {
            assertThat(attribute(m, "lineageId")).isEqualTo(original);
            assertThat(DlqMessages.parse(h.fullBody(m)).record()).isEqualTo(Dlq.largeRecord("ORD-CRASH", 6_000));
        });
        h.assertOneBodyPerClaimCheck();
    }

    @Test
    void aFailedPutOfTheCopysBodyKeepsTheOriginalAndItsBody() {
        parkLarge("ORD-NOPUT", "rid-noput");
        FakeSqs.Stored parked = h.dlq().getFirst();
        h.s3.failPuts = true;

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(h.dlq()).singleElement().satisfies(m -> assertThat(m.messageId).isEqualTo(parked.messageId));
        assertThat(h.bodies()).containsExactly(pointerKey(parked));
    }

    @Test
    void aClaimCheckRepeatIsRemovedWithItsBodyWithoutBeingRead() {
        String large = Dlq.body(Dlq.largeRecord("ORD-R8", 6_000), ReasonCode.RECORD_TOO_LARGE, "rid-r8", 3);
        h.park(large, identified(ReasonCode.RECORD_TOO_LARGE, "rid-r8"));
        h.park(large, identified(ReasonCode.RECORD_TOO_LARGE, "rid-r8"));
        String keptKey = pointerKey(h.dlq().get(0));
        String repeatKey = pointerKey(h.dlq().get(1));
        h.s3.calls.clear();

        JsonNode summary = h.run("{}");

        assertThat(summary.path("repeats").asInt()).isEqualTo(1);
        assertThat(h.s3.calls).contains("GET " + Dlq.BUCKET + "/" + keptKey, "DELETE " + Dlq.BUCKET + "/" + keptKey,
                "DELETE " + Dlq.BUCKET + "/" + repeatKey).doesNotContain("GET " + Dlq.BUCKET + "/" + repeatKey);
        assertThat(h.dlq()).hasSize(1);
        h.assertOneBodyPerClaimCheck();
    }

    @Test
    void bodiesOfBothNamesOfTheLibrarysAttributeAreRead() {
        // the library's 1.x attribute name, SQSLargePayloadSize, and its 1.x pointer class name
        String body = Dlq.body(Dlq.largeRecord("ORD-LEGACY", 6_000), ReasonCode.RECORD_TOO_LARGE);
        h.s3.objects.put(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "legacy-1", body);
        Map<String, MessageAttributeValue> attributes = attributes(ReasonCode.RECORD_TOO_LARGE);
        attributes.put("SQSLargePayloadSize", MessageAttributeValue.builder().dataType("Number")
                .stringValue(Integer.toString(body.length())).build());
        h.sqs.put(Dlq.DLQ, "[\"com.amazon.sqs.javamessaging.MessageS3Pointer\",{\"s3BucketName\":\"" + Dlq.BUCKET
                + "\",\"s3Key\":\"" + Dlq.PAYLOADS + "legacy-1\"}]", attributes);

        JsonNode summary = h.run("{}");

        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        FakeSqs.Stored copy = h.dlq().getFirst();
        assertThat(copy.attributes).as("the copy carries the current attribute name only")
                .containsKey("ExtendedPayloadSize").doesNotContainKey("SQSLargePayloadSize");
        assertThat(h.bodies()).containsExactly(pointerKey(copy));
        assertThat(List.of(DlqMessages.parse(h.fullBody(copy)).record()))
                .containsExactly(Dlq.largeRecord("ORD-LEGACY", 6_000));
    }

    /**
     * A duplicate whose body was already deleted (its sibling was handled): S3 answers 403 to a role that may not list
     * (or does not count a prefix-scoped list permission), 404 to one that may. Either way the run says the body is
     * gone and skips the message, instead of an S3 error on every run.
     */
    @Test
    void aMessageWhoseBodyIsGoneIsSkippedAsMissingWhetherS3Answers403Or404() {
        for (boolean answers403 : new boolean[] {true, false}) {
            AwsHarness fresh = new AwsHarness();
            fresh.s3.missingKeysDenied = answers403;
            String body = Dlq.body(Dlq.largeRecord("ORD-GONE", 6_000), ReasonCode.RECORD_TOO_LARGE, "rid-gone", 2);
            fresh.park(body, identified(ReasonCode.RECORD_TOO_LARGE, "rid-gone"));
            String key = pointerKey(fresh.dlq().getFirst());
            fresh.s3.objects.remove(Dlq.BUCKET + "/" + key);
            fresh.s3.calls.clear();

            JsonNode summary = fresh.run("{}");

            assertThat(summary.path("skipped").asInt()).as("answers 403: %s", answers403).isEqualTo(1);
            assertThat(summary.path("errors").asInt()).as("answers 403: %s", answers403).isZero();
            assertThat(fresh.dlq()).as("the message stays as it is").singleElement()
                    .satisfies(m -> assertThat(pointerKey(m)).isEqualTo(key));
            assertThat(fresh.s3.calls).as("answers 403: %s", answers403).containsExactlyElementsOf(answers403
                    ? List.of("GET " + Dlq.BUCKET + "/" + key, "LIST " + Dlq.BUCKET + "/" + key)
                    : List.of("GET " + Dlq.BUCKET + "/" + key));
        }
    }

    @Test
    void a403ForABodyThatIsThereIsAnErrorAndTheMessageStays() {
        parkLarge("ORD-DENIED", "rid-denied");
        String key = pointerKey(h.dlq().getFirst());
        h.s3.denyGet.add(Dlq.BUCKET + "/" + key);

        JsonNode summary = h.run("{}");

        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("skipped").asInt()).isZero();
        assertThat(h.dlq()).singleElement().satisfies(m -> assertThat(pointerKey(m)).isEqualTo(key));
        assertThat(h.bodies()).containsExactly(key);
    }
}
