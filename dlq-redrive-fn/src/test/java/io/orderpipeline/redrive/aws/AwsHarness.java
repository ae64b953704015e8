package io.orderpipeline.redrive.aws;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import com.amazon.sqs.javamessaging.ExtendedClientConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.Dlq;
import io.orderpipeline.redrive.core.Harness;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redrive's decisions on its SQS and S3 adapters, over SDK clients whose answers keep the queues and the bucket in
 * memory ({@link FakeSqs}, {@link FakeS3}), with the real Amazon SQS Extended Client sending copies; the table is the
 * core's in-memory one.
 */
final class AwsHarness {

    final Harness core = new Harness();
    final FakeSqs sqs = new FakeSqs(core.clock, Dlq.DLQ, Dlq.PARKING);
    final FakeS3 s3 = new FakeS3();

    JsonNode run(String request) {
        return run(request, 5);
    }

    JsonNode run(String request, int maxAttempts) {
        SqsClient sender = new AmazonSQSExtendedClient(sqs.client,
                S3ClaimChecks.sending(s3.client, Dlq.BUCKET, Dlq.PAYLOADS));
        return core.run(new SqsDeadLetterQueue(sqs.client, sender, Dlq.DLQ, Dlq.PARKING, core.clock, false),
                new S3ClaimChecks(s3.client, Dlq.BUCKET, Dlq.PAYLOADS), request, maxAttempts);
    }

    List<FakeSqs.Stored> dlq() {
        return sqs.messages(Dlq.DLQ);
    }

    List<FakeSqs.Stored> parking() {
        return sqs.messages(Dlq.PARKING);
    }

    /** The claim-check bodies in the bucket, by key. */
    Set<String> bodies() {
        return new TreeSet<>(s3.under(Dlq.BUCKET, Dlq.PAYLOADS).keySet());
    }

    /**
     * Every claim-check body belongs to exactly one message of the DLQ or the parking queue, and every claim-check
     * message's body is there: no body lost, none shared, none left behind.
     */
    void assertOneBodyPerClaimCheck() {
        List<String> pointed = new ArrayList<>();
        List<FakeSqs.Stored> all = new ArrayList<>(dlq());
        all.addAll(parking());
        for (FakeSqs.Stored m : all) {
            String key = pointerKey(m);
            if (key != null) {
                pointed.add(key);
            }
        }
        assertThat(pointed).as("no two messages share a body").doesNotHaveDuplicates();
        assertThat(bodies()).as("the claim-check bodies are exactly those the messages point to")
                .containsExactlyInAnyOrderElementsOf(pointed);
    }

    /**
     * Sends {@code body} to the DLQ as the reconciler parks (data-contracts.md §7): through the real Amazon SQS
     * Extended Client, configured as reconciler-fn's SqsDeadLetters is - over 262,144 bytes the body goes to
     * {@code s3://orders-bucket/dlq-payloads/<uuid>} and the message carries the pointer and ExtendedPayloadSize.
     *
     * @return the message id
     */
    String park(String body, Map<String, MessageAttributeValue> attributes) {
        var extended = new AmazonSQSExtendedClient(sqs.client, new ExtendedClientConfiguration()
                .withPayloadSupportEnabled(s3.client, Dlq.BUCKET)
                .withS3KeyPrefix(Dlq.PAYLOADS)
                .withPayloadSizeThreshold(262_144)
                .withLegacyReservedAttributeNameDisabled());
        return extended.sendMessage(b -> b.queueUrl(Dlq.DLQ).messageBody(body).messageAttributes(attributes))
                .messageId();
    }

    /** The S3 key a claim-check message points to; null for a message sent inline. */
    static String pointerKey(FakeSqs.Stored stored) {
        if (!stored.attributes.containsKey("ExtendedPayloadSize")) {
            return null;
        }
        JsonNode pointer = Dlq.json("{\"p\":" + stored.body + "}").get("p");
        if (!pointer.get(0).asText().equals("software.amazon.payloadoffloading.PayloadS3Pointer")) {
            throw new AssertionError("not the library's pointer: " + stored.body);
        }
        if (!pointer.get(1).path("s3BucketName").asText().equals(Dlq.BUCKET)) {
            throw new AssertionError("a pointer into another bucket: " + stored.body);
        }
        return pointer.get(1).path("s3Key").asText();
    }

    /** A message's body as its reader sees it: its own, or the claim-check body from S3. */
    String fullBody(FakeSqs.Stored stored) {
        String key = pointerKey(stored);
        if (key == null) {
            return stored.body;
        }
        String text = s3.objects.get(Dlq.BUCKET + "/" + key);
        if (text == null) {
            throw new AssertionError("the claim-check body " + key + " is gone");
        }
        return text;
    }

    static String attribute(FakeSqs.Stored stored, String name) {
        MessageAttributeValue value = stored.attributes.get(name);
        return value == null ? null : value.stringValue();
    }

    static Map<String, MessageAttributeValue> attributes(ReasonCode reason) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("reasonCode", string(reason.name()));
        attributes.put("sourceKey", string(Dlq.SOURCE.key()));
        return attributes;
    }

    static Map<String, MessageAttributeValue> identified(ReasonCode reason, String recordId) {
        Map<String, MessageAttributeValue> attributes = attributes(reason);
        attributes.put("recordId", string(recordId));
        return attributes;
    }

    static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
