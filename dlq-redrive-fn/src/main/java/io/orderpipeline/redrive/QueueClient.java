package io.orderpipeline.redrive;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SQS calls of a redrive, in batches of at most ten. A batch call that throws (after the SDK's retries) fails
 * every entry in it; partial failures are reported per entry, so the caller can keep exactly those messages.
 * Sends go through {@code sender}, the Amazon SQS Extended Client wrapped around the same client: a copy over SQS's
 * limit gets its body stored in S3 and a pointer sent in its place ({@link ClaimChecks}).
 */
final class QueueClient {

    static final int BATCH = 10;
    /** SQS's own ceiling for a visibility timeout (12 hours). */
    static final int MAX_VISIBILITY_SECONDS = 43_200;
    /**
     * What one SendMessageBatch may carry in all: "the maximum total payload size (the sum of the individual lengths
     * of all of the batched messages)" is the message size limit
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html). The contract's
     * 262,144 bytes (data-contracts.md §7): SQS now documents 1 MiB, but the smaller bound holds on every queue.
     */
    static final int BATCH_BYTES = ClaimChecks.SQS_LIMIT_BYTES;

    private final SqsClient sqs;
    private final SqsClient sender;

    /** @param sender what sends copies: the extended client around {@code sqs} (or {@code sqs} itself) */
    QueueClient(SqsClient sqs, SqsClient sender) {
        this.sqs = sqs;
        this.sender = sender;
    }

    /** A message to send: {@code key} is the caller's handle for the result (e.g. the original's message id). */
    record Outgoing(String key, String body, Map<String, MessageAttributeValue> attributes) {
    }

    /** A received message's handle: {@code key} as above. */
    record Handle(String key, String receiptHandle) {
    }

    /**
     * @param succeeded     keys whose entry succeeded, with the new message id for sends (else the key itself)
     * @param failed        keys whose entry failed, with SQS's (or the exception's) reason
     */
    record BatchResult(Map<String, String> succeeded, Map<String, String> failed) {
        static BatchResult empty() {
            return new BatchResult(new HashMap<>(), new HashMap<>());
        }

        void addAll(BatchResult other) {
            succeeded.putAll(other.succeeded);
            failed.putAll(other.failed);
        }
    }

    List<Message> receive(String queueUrl, int maxMessages, int visibilitySeconds, int waitSeconds) {
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
    BatchResult send(String queueUrl, List<Outgoing> messages) {
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
        for (Map.Entry<String, MessageAttributeValue> a : m.attributes().entrySet()) {
            MessageAttributeValue v = a.getValue();
            size += utf8(a.getKey()) + utf8(v.dataType()) + utf8(v.stringValue())
                    + (v.binaryValue() == null ? 0 : v.binaryValue().asByteArray().length);
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
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(ids.get(i)).messageBody(m.body()).messageAttributes(m.attributes()).build());
            }
            SendMessageBatchResponse response = sender.sendMessageBatch(
                    SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
            Map<String, String> ok = new HashMap<>();
            response.successful().forEach(s -> ok.put(s.id(), s.messageId()));
            return new EntryResults(ok, response.failed());
        });
    }

    BatchResult delete(String queueUrl, List<Handle> handles) {
        return inBatches(handles, Handle::key, (ids, chunk) -> {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(ids.get(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(
                    DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
            Map<String, String> ok = new HashMap<>();
            response.successful().forEach(s -> ok.put(s.id(), null));
            return new EntryResults(ok, response.failed());
        });
    }

    /** Makes the messages visible again at once (visibility timeout 0). */
    BatchResult release(String queueUrl, List<Handle> handles) {
        return changeVisibility(queueUrl, handles, 0);
    }

    /** Sets the messages' visibility timeout to {@code seconds} from now (0: visible again at once). */
    BatchResult changeVisibility(String queueUrl, List<Handle> handles, int seconds) {
        return inBatches(handles, Handle::key, (ids, chunk) -> {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(ids.get(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(seconds).build());
            }
            ChangeMessageVisibilityBatchResponse response =
                    sqs.changeMessageVisibilityBatch(
                    ChangeMessageVisibilityBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
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
