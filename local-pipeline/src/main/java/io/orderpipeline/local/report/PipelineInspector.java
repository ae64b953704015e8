package io.orderpipeline.local.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.local.emulator.MissingResourceException;
import io.orderpipeline.local.emulator.EmulatorClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Looks into the table and the DLQ without changing them (DLQ messages are made visible again after reading). It never
 * creates anything: a table or queue that does not exist is a {@link MissingResourceException}.
 */
public final class PipelineInspector {
    /** Decimals as BigDecimal with their scale: a DLQ body's record is shown exactly as it was parked. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int PEEK_VISIBILITY_SECONDS = 60;

    private final EmulatorClients clients;
    private final String tableName;
    private final String dlqUrl;

    public PipelineInspector(EmulatorClients clients, String tableName, String dlqUrl) {
        this.clients = clients;
        this.tableName = tableName;
        this.dlqUrl = dlqUrl;
    }

    /** The reconciliation report at {@code s3://bucket/key} (docs/data-contracts.md §6), if the reconciler wrote one. */
    public java.util.Optional<Reconciliation> reconciliation(String bucket, String key) {
        try {
            var bytes = clients.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            return java.util.Optional.of(new Reconciliation(key, JSON.readTree(bytes)));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return java.util.Optional.empty();
        } catch (SdkException e) {
            throw MissingResourceException.of("bucket", bucket, e).orElseThrow(() -> e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the reconciliation report s3://" + bucket + "/" + key
                    + " is not JSON", e);
        }
    }

    /**
     * The items in the table: DescribeTable's {@code ItemCount}, which DynamoDB Local counts exactly when asked (a
     * {@code SELECT COUNT} in its SQLite, well under a second for a million items), where a {@code Select=COUNT} scan
     * reads every item (minutes for a few hundred thousand). On AWS the same field is only refreshed about every six
     * hours (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html): the deployed
     * pipeline's accounting comes from the reconciliation reports, never from it.
     */
    public long countItems() {
        var count = new java.util.concurrent.atomic.AtomicLong();
        tableCall(() -> count.set(clients.dynamoDb().describeTable(b -> b.tableName(tableName)).table().itemCount()));
        return count.get();
    }

    /** Runs a call on the table; the table's absence becomes a {@link MissingResourceException}. */
    private void tableCall(Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            throw MissingResourceException.of("table", tableName, e).orElseThrow(() -> e);
        }
    }

    /** Runs a call on the DLQ; the queue's absence becomes a {@link MissingResourceException}. */
    private <T> T dlqCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw MissingResourceException.of("queue", dlqUrl, e).orElseThrow(() -> e);
        }
    }

    /**
     * DLQ messages in flight: received by a consumer (another {@code dlq}, a redrive, the AWS CLI) and neither deleted
     * nor visible again yet ({@code ApproximateNumberOfMessagesNotVisible}). They cannot be read until their visibility
     * timeout ends.
     */
    public InFlight dlqInFlight() {
        var attributes = dlqCall(() -> clients.sqs().getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes());
        return new InFlight(Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
    }

    /**
     * @param messages          messages received by some consumer and not yet deleted or visible again
     * @param visibilitySeconds the queue's default visibility timeout: a message received with it is back at the latest
     *                          this long after its receipt (a consumer may ask for another timeout, or extend it)
     */
    public record InFlight(long messages, int visibilitySeconds) {
    }

    public List<Map<String, AttributeValue>> items(int limit) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        tableCall(() -> {
            for (var page : clients.dynamoDb().scanPaginator(b -> b.tableName(tableName).limit(Math.min(limit, 100)))) {
                for (var item : page.items()) {
                    if (items.size() >= limit) {
                        return;
                    }
                    items.add(item);
                }
            }
        });
        return items;
    }

    /** Every DLQ message, parsed; they stay on the queue. */
    public List<DlqEntry> peekDlq() {
        var seen = new HashMap<String, DlqEntry>();
        var receipts = new ArrayList<String>();
        try {
            while (true) {
                var messages = dlqCall(() -> clients.sqs().receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                        .visibilityTimeout(PEEK_VISIBILITY_SECONDS).waitTimeSeconds(0).messageAttributeNames("All")).messages());
                if (messages.isEmpty()) {
                    break;
                }
                for (var message : messages) {
                    receipts.add(message.receiptHandle());
                    seen.putIfAbsent(message.messageId(), DlqEntry.of(message, this::claimCheckBody));
                }
            }
        } finally {
            release(receipts);
        }
        return List.copyOf(seen.values());
    }

    /** DLQ message counts by reason code, for the messages that match. */
    public static Map<String, Long> byReason(List<DlqEntry> entries, Predicate<DlqEntry> filter) {
        var counts = new TreeMap<String, Long>();
        entries.stream().filter(filter).forEach(e -> counts.merge(e.reasonCode(), 1L, Long::sum));
        return counts;
    }

    private void release(List<String> receipts) {
        for (int i = 0; i < receipts.size(); i += 10) {
            var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
            for (int j = i; j < Math.min(i + 10, receipts.size()); j++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(receipts.get(j)).visibilityTimeout(0).build());
            }
            clients.sqs().changeMessageVisibilityBatch(b -> b.queueUrl(dlqUrl).entries(entries));
        }
    }

    /**
     * The body a claim-check message points to (docs/data-contracts.md §7): the message body is the Extended Client's
     * pointer {@code ["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName","s3Key"}]}.
     */
    private String claimCheckBody(JsonNode pointer) {
        var location = pointer.path(1);
        return clients.s3().getObjectAsBytes(b -> b.bucket(location.path("s3BucketName").asText())
                .key(location.path("s3Key").asText())).asUtf8String();
    }

    /**
     * One DLQ message: its String attributes and the parsed body (null when the body is not JSON); for a claim-check
     * message the body stored in S3, and {@code claimCheckKey} says where.
     */
    public record DlqEntry(String messageId, String reasonCode, String sourceKey, JsonNode body,
                           Map<String, String> attributes, String claimCheckKey) {

        /** The attribute the Extended Client sets on a message whose body is in S3 (and its legacy name). */
        public static final String EXTENDED_PAYLOAD_SIZE = "ExtendedPayloadSize";
        static final String LEGACY_PAYLOAD_SIZE = "SQSLargePayloadSize";
        static final String POINTER_CLASS = "software.amazon.payloadoffloading.PayloadS3Pointer";

        static DlqEntry of(Message message, java.util.function.Function<JsonNode, String> claimChecks) {
            JsonNode body = parse(message.body());
            String claimCheckKey = null;
            if ((message.messageAttributes().containsKey(EXTENDED_PAYLOAD_SIZE)
                    || message.messageAttributes().containsKey(LEGACY_PAYLOAD_SIZE)) && body != null && body.isArray()
                    && POINTER_CLASS.equals(body.path(0).asText())) {
                claimCheckKey = body.path(1).path("s3Key").asText();
                body = parse(claimChecks.apply(body));
            }
            var attributes = new TreeMap<String, String>();
            message.messageAttributes().forEach((name, value) -> {
                if (value.stringValue() != null) {
                    attributes.put(name, value.stringValue());
                }
            });
            return new DlqEntry(message.messageId(), attributes.getOrDefault("reasonCode", "UNKNOWN"),
                    attributes.get("sourceKey"), body, Map.copyOf(attributes), claimCheckKey);
        }

        private static JsonNode parse(String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }

        public String kind() {
            return body == null ? "UNKNOWN" : body.path("kind").asText("UNKNOWN");
        }

        public String executionId() {
            return body == null ? null : body.path("executionId").asText(null);
        }

        /** The record's deterministic identity (docs/data-contracts.md §4), or null for FILE and older messages. */
        public String recordId() {
            var attribute = attributes.get("recordId");
            return attribute != null ? attribute : body == null ? null : body.path("recordId").asText(null);
        }

        public String raw() {
            return body == null ? "" : body.toString();
        }
    }
}
