package io.orderpipeline.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes the smoke's own messages out of a DLQ other people's messages share: receives with a short visibility
 * timeout, keeps the messages whose {@code sourceKey} is under the run's prefix (reading a claim-checked body from
 * S3, data-contracts.md §7) and deletes them, and makes every other message visible again at once
 * ({@code ChangeMessageVisibility} 0) at the end of each pass — never later than {@link #VISIBILITY_SECONDS}.
 */
final class DlqScan {
    /** How long a received message stays invisible if the smoke died before releasing it. */
    static final int VISIBILITY_SECONDS = 20;
    /** Receives per pass before the others' messages are released. */
    private static final int RECEIVES_PER_PASS = 20;
    static final String EXTENDED_PAYLOAD_SIZE = "ExtendedPayloadSize";
    private static final String LEGACY_PAYLOAD_SIZE = "SQSLargePayloadSize";

    /**
     * One of the smoke's messages, already deleted from the queue.
     *
     * @param body          the parsed body (a claim check's from S3), null when it is not JSON
     * @param claimCheckKey where its body was in S3, or null when it was sent inline
     */
    record Parked(String messageId, Map<String, String> attributes, JsonNode body, String claimCheckKey) {
        String sourceKey() {
            var attribute = attributes.get("sourceKey");
            return attribute != null ? attribute : body == null ? null : body.path("source").path("key").asText(null);
        }

        String reasonCode() {
            return attributes.get("reasonCode");
        }
    }

    private final SqsClient sqs;
    private final S3Client s3;
    private final String queueUrl;
    private final String bucket;
    private final String prefix;
    private final int waitSeconds;
    /** Claim-check bodies of deleted messages that could not be deleted themselves (for the cleanup to report). */
    private final List<String> problems = new ArrayList<>();

    /** @param waitSeconds each receive's long-poll wait (0 against serve: a local queue answers at once) */
    DlqScan(SqsClient sqs, S3Client s3, String queueUrl, String bucket, String prefix, int waitSeconds) {
        this.sqs = sqs;
        this.s3 = s3;
        this.queueUrl = queueUrl;
        this.bucket = bucket;
        this.prefix = prefix;
        this.waitSeconds = waitSeconds;
    }

    /** One pass over the queue: the smoke's messages it received (deleted), the others released. */
    List<Parked> pass() {
        var ours = new ArrayList<Parked>();
        var others = new ArrayList<Message>();
        try {
            for (int i = 0; i < RECEIVES_PER_PASS; i++) {
                var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .visibilityTimeout(VISIBILITY_SECONDS).waitTimeSeconds(waitSeconds)
                        .messageAttributeNames("All")).messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (var message : messages) {
                    var parked = ours(message);
                    if (parked == null) {
                        others.add(message);
                    } else {
                        ours.add(parked);
                        delete(message, parked);
                    }
                }
            }
        } finally {
            release(others);
        }
        return ours;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The message as the smoke's, or null when it is someone else's. */
    private Parked ours(Message message) {
        var attributes = new java.util.TreeMap<String, String>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        var sourceKey = attributes.get("sourceKey");
        var body = parse(message.body());
        if (sourceKey == null && body != null) {
            sourceKey = body.path("source").path("key").asText(null);
        }
        if (!ObjectKeys.under(sourceKey, prefix)) {
            return null;
        }
        String claimCheckKey = null;
        if (isClaimCheck(message.messageAttributes()) && body != null && body.isArray()) {
            claimCheckKey = body.path(1).path("s3Key").asText(null);
            var pointedBucket = body.path(1).path("s3BucketName").asText();
            if (bucket.equals(pointedBucket) && claimCheckKey != null) {
                var key = claimCheckKey;
                body = parse(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
            }
        }
        return new Parked(message.messageId(), Map.copyOf(attributes), body, claimCheckKey);
    }

    private static boolean isClaimCheck(Map<String, MessageAttributeValue> attributes) {
        return attributes.containsKey(EXTENDED_PAYLOAD_SIZE) || attributes.containsKey(LEGACY_PAYLOAD_SIZE);
    }

    /** The smoke's message goes, then its claim-check body (every version of that key). */
    private void delete(Message message, Parked parked) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        if (parked.claimCheckKey() != null) {
            try {
                Objects3.deleteEveryVersion(s3, bucket, parked.claimCheckKey(), true);
            } catch (SdkException e) {
                problems.add("claim-check body s3://" + bucket + "/" + parked.claimCheckKey() + ": " + e.getMessage());
            }
        }
    }

    /** Others' messages are visible again at once. */
    private void release(List<Message> others) {
        for (int i = 0; i < others.size(); i += 10) {
            var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
            for (int j = i; j < Math.min(i + 10, others.size()); j++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(others.get(j).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                problems.add("releasing " + entries.size() + " messages of others (they return within "
                        + VISIBILITY_SECONDS + " s): " + e.getMessage());
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return SmokeFiles.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
