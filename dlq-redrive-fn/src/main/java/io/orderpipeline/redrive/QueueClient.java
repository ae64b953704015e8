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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SQS calls of a redrive, in batches of at most ten. A batch call that throws (after the SDK's retries) fails
 * every entry in it; partial failures are reported per entry, so the caller can keep exactly those messages.
 */
final class QueueClient {

    static final int BATCH = 10;
    /** SQS's own ceiling for a visibility timeout (12 hours). */
    static final int MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;

    QueueClient(SqsClient sqs) {
        this.sqs = sqs;
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

    BatchResult send(String queueUrl, List<Outgoing> messages) {
        return inBatches(messages, Outgoing::key, (ids, chunk) -> {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Outgoing m = chunk.get(i);
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(ids.get(i)).messageBody(m.body()).messageAttributes(m.attributes()).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(
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
