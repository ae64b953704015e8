package io.orderpipeline.redrive.aws;

import io.orderpipeline.redrive.core.DeadLetterQueue;
import io.orderpipeline.redrive.core.MessageAttribute;
import io.orderpipeline.redrive.core.ReceivedMessage;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link DeadLetterQueue} on SQS: the DLQ and the parking queue, in batches of at most ten. A batch call that throws
 * (after the SDK's retries) fails every entry in it; partial failures are reported per entry, so the caller can keep
 * exactly those messages. Sends go through {@code sender}, the Amazon SQS Extended Client wrapped around the same
 * client: a copy over SQS's limit gets its body stored in S3 and a pointer sent in its place ({@link S3ClaimChecks}).
 * Receives, deletes and visibility changes go through the plain client; held messages are kept invisible by a
 * {@link VisibilityHeartbeat}.
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {

    static final int BATCH = 10;
    /** SQS's own ceiling for a visibility timeout (12 hours). */
    static final int MAX_VISIBILITY_SECONDS = 43_200;
    /** How long a receive waits for messages when none is visible. */
    static final int WAIT_SECONDS = 1;
    /**
     * What one SendMessageBatch may carry in all: "the maximum total payload size (the sum of the individual lengths
     * of all of the batched messages)" is the message size limit
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html). The contract's
     * 262,144 bytes (data-contracts.md §7): SQS now documents 1 MiB, but the smaller bound holds on every queue.
     */
    static final int BATCH_BYTES = S3ClaimChecks.SQS_LIMIT_BYTES;

    private final SqsClient sqs;
    private final SqsClient sender;
    private final String dlqUrl;
    private final String parkingQueueUrl;
    private final Clock clock;
    private final boolean backgroundHeartbeat;

    /**
     * @param sender              what sends copies: the extended client around {@code sqs} (or {@code sqs} itself)
     * @param backgroundHeartbeat whether a thread keeps held messages invisible between the run's own beats (tests: no)
     */
    public SqsDeadLetterQueue(SqsClient sqs, SqsClient sender, String dlqUrl, String parkingQueueUrl, Clock clock,
                              boolean backgroundHeartbeat) {
        this.sqs = sqs;
        this.sender = sender;
        this.dlqUrl = dlqUrl;
        this.parkingQueueUrl = parkingQueueUrl;
        this.clock = clock;
        this.backgroundHeartbeat = backgroundHeartbeat;
    }

    @Override
    public Heartbeat heartbeat() {
        return new VisibilityHeartbeat(this::changeVisibility, clock, backgroundHeartbeat);
    }

    /** Received with {@link VisibilityHeartbeat#WINDOW}, every attribute. */
    @Override
    public List<ReceivedMessage> receive(int maxMessages) {
        List<Message> messages;
        try {
            messages = receive(dlqUrl, maxMessages, VisibilityHeartbeat.windowSeconds(), WAIT_SECONDS);
        } catch (SdkException e) {
            throw new ReceiveFailed("receiving from the DLQ failed: " + e.getMessage(), e);
        }
        return messages.stream().map(SqsDeadLetterQueue::received).toList();
    }

    /**
     * A message as the redrive works on it: the claim check's size attribute (either of the library's names) marks it
     * a claim check and is left out of its attributes.
     */
    static ReceivedMessage received(Message message) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (!S3ClaimChecks.isReservedAttribute(name)) {
                attributes.put(name, new MessageAttribute(value.dataType(), value.stringValue(),
                        value.binaryValue() == null ? null : value.binaryValue().asByteBuffer()));
            }
        });
        return new ReceivedMessage(message.messageId(), message.receiptHandle(), message.body(), attributes,
                S3ClaimChecks.isClaimCheck(message.messageAttributes()));
    }

    static MessageAttributeValue sdk(MessageAttribute attribute) {
        var value = MessageAttributeValue.builder().dataType(attribute.dataType()).stringValue(attribute.stringValue());
        if (attribute.binaryValue() != null) {
            value.binaryValue(SdkBytes.fromByteBuffer(attribute.binaryValue()));
        }
        return value.build();
    }

    private List<Message> receive(String queueUrl, int maxMessages, int visibilitySeconds, int waitSeconds) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(Math.max(1, Math.min(BATCH, maxMessages)))
                .visibilityTimeout(Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, visibilitySeconds)))
                .waitTimeSeconds(waitSeconds)
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .build()).messages();
    }

    /**
     * Sends in batches that SQS accepts: at most ten entries and {@link #BATCH_BYTES} in all. An entry over the limit
     * is sent alone, so the extended client replaces it with its pointer before SQS sees it.
     */
    @Override
    public BatchResult send(Destination destination, List<Outgoing> messages) {
        String queueUrl = destination == Destination.DLQ ? dlqUrl : parkingQueueUrl;
        BatchResult result = BatchResult.empty();
        for (List<Outgoing> group : bySize(messages)) {
            result.addAll(sendBatches(queueUrl, group));
        }
        return result;
    }

    /** Groups in order: a new group when ten entries or the byte budget are reached; an oversized entry alone. */
    static List<List<Outgoing>> bySize(List<Outgoing> messages) {
        List<List<Outgoing>> groups = new ArrayList<>();
        List<Outgoing> current = new ArrayList<>();
        long bytes = 0;
        for (Outgoing m : messages) {
            long size = size(m);
            if (size > BATCH_BYTES) {
                groups.add(List.of(m));
                continue;
            }
            if (!current.isEmpty() && (current.size() == BATCH || bytes + size > BATCH_BYTES)) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(m);
            bytes += size;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /**
     * A message's size as SQS counts it against its limit: the body's UTF-8 bytes plus each attribute's name, data
     * type and value ("all parts of the message attribute ... are part of the message size restriction",
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html).
     */
    static long size(Outgoing m) {
        long size = utf8(m.body());
        for (Map.Entry<String, MessageAttribute> a : m.attributes().entrySet()) {
            MessageAttribute v = a.getValue();
            size += utf8(a.getKey()) + utf8(v.dataType()) + utf8(v.stringValue())
                    + (v.binaryValue() == null ? 0 : v.binaryValue().remaining());
        }
        return size;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private BatchResult sendBatches(String queueUrl, List<Outgoing> messages) {
        return inBatches(messages, Outgoing::key, (ids, chunk) -> {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Outgoing m = chunk.get(i);
                Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
                m.attributes().forEach((name, value) -> attributes.put(name, sdk(value)));
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(ids.get(i)).messageBody(m.body()).messageAttributes(attributes).build());
            }
            SendMessageBatchResponse response = sender.sendMessageBatch(
                    SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
            Map<String, String> ok = new HashMap<>();
            response.successful().forEach(s -> ok.put(s.id(), s.messageId()));
            return new EntryResults(ok, response.failed());
        });
    }

    @Override
    public BatchResult delete(List<Handle> handles) {
        return inBatches(handles, Handle::key, (ids, chunk) -> {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(ids.get(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(
                    DeleteMessageBatchRequest.builder().queueUrl(dlqUrl).entries(entries).build());
            Map<String, String> ok = new HashMap<>();
            response.successful().forEach(s -> ok.put(s.id(), null));
            return new EntryResults(ok, response.failed());
        });
    }

    /** Makes the messages visible again at once (visibility timeout 0). */
    @Override
    public BatchResult release(List<Handle> handles) {
        return changeVisibility(handles, 0);
    }

    /** Sets the messages' visibility timeout to {@code seconds} from now (0: visible again at once). */
    BatchResult changeVisibility(List<Handle> handles, int seconds) {
        return inBatches(handles, Handle::key, (ids, chunk) -> {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(ids.get(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(seconds).build());
            }
            ChangeMessageVisibilityBatchResponse response =
                    sqs.changeMessageVisibilityBatch(
                    ChangeMessageVisibilityBatchRequest.builder().queueUrl(dlqUrl).entries(entries).build());
            Map<String, String> ok = new HashMap<>();
            response.successful().forEach(s -> ok.put(s.id(), null));
            return new EntryResults(ok, response.failed());
        });
    }

    /** Per-entry results of one batch call, keyed by batch entry id. */
    private record EntryResults(Map<String, String> successful, List<BatchResultErrorEntry> failed) {
    }

    private interface BatchCall<T> {
        EntryResults call(List<String> entryIds, List<T> chunk);
    }

    private static <T> BatchResult inBatches(List<T> all, Function<T, String> key, BatchCall<T> call) {
        BatchResult result = BatchResult.empty();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<T> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            // batch entry ids must be unique per call and short: use the position, map back to the caller's key
            List<String> entryIds = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entryIds.add("e" + i);
            }
            try {
                EntryResults entries = call.call(entryIds, chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    String k = key.apply(chunk.get(i));
                    String id = entryIds.get(i);
                    if (entries.successful().containsKey(id)) {
                        String value = entries.successful().get(id);
                        result.succeeded().put(k, value == null ? k : value);
                    }
                }
                for (BatchResultErrorEntry failure : entries.failed()) {
                    int index = entryIds.indexOf(failure.id());
                    if (index >= 0) {
                        result.failed().put(key.apply(chunk.get(index)),
                                failure.code() + (failure.message() == null ? "" : ": " + failure.message()));
                    }
                }
                // an entry SQS reported neither way is not known to have succeeded
                for (T item : chunk) {
                    String k = key.apply(item);
                    if (!result.succeeded().containsKey(k) && !result.failed().containsKey(k)) {
                        result.failed().put(k, "no result for this entry");
                    }
                }
            } catch (SdkException e) {
                for (T item : chunk) {
                    result.failed().put(key.apply(item), e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        return result;
    }
}
