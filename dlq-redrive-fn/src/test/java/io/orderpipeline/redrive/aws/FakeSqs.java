package io.orderpipeline.redrive.aws;

import io.orderpipeline.redrive.MutableClock;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

/**
 * A Mockito {@link SqsClient} whose answers keep standard queues in memory (visibility timeouts, receipt handles,
 * duplicate delivery), with switches to make batch entries or whole calls fail.
 */
final class FakeSqs {

    static final class Stored {
        final String messageId;
        final String body;
        final Map<String, MessageAttributeValue> attributes;
        Instant invisibleUntil = Instant.EPOCH;
        final Set<String> receipts = new HashSet<>();

        Stored(String messageId, String body, Map<String, MessageAttributeValue> attributes) {
            this.messageId = messageId;
            this.body = body;
            this.attributes = Map.copyOf(attributes);
        }
    }

    final SqsClient client = mock(SqsClient.class);
    private final MutableClock clock;
    private final Map<String, List<Stored>> queues = new LinkedHashMap<>();
    private int receipts;

    /** Message ids whose DeleteMessageBatch entry fails. */
    final Set<String> failDeleteOf = new HashSet<>();
    /** This many DeleteMessageBatch calls throw (after the SDK's retries, as it were). */
    int deleteCallsThatThrow;
    /** Bodies whose SendMessageBatch entry fails. */
    Predicate<String> failSendOf = body -> false;
    /** Moves the clock on every receive (time passing while the run works). */
    Duration receiveTakes = Duration.ZERO;

    FakeSqs(MutableClock clock, String... queueUrls) {
        this.clock = clock;
        for (String url : queueUrls) {
            queues.put(url, new ArrayList<>());
        }
        lenient().when(client.receiveMessage(any(ReceiveMessageRequest.class))).thenAnswer(i -> receive(i.getArgument(0)));
        lenient().when(client.sendMessageBatch(any(SendMessageBatchRequest.class))).thenAnswer(i -> send(i.getArgument(0)));
        lenient().when(client.sendMessage(any(SendMessageRequest.class))).thenAnswer(i -> sendOne(i.getArgument(0)));
        lenient().when(client.deleteMessageBatch(any(DeleteMessageBatchRequest.class))).thenAnswer(i -> delete(i.getArgument(0)));
        lenient().when(client.changeMessageVisibilityBatch(any(ChangeMessageVisibilityBatchRequest.class)))
                .thenAnswer(i -> changeVisibility(i.getArgument(0)));
    }

    String put(String queueUrl, String body, Map<String, MessageAttributeValue> attributes) {
        Stored stored = new Stored(UUID.randomUUID().toString(), body, attributes);
        queue(queueUrl).add(stored);
        return stored.messageId;
    }

    /** SQS delivers a message twice: a second copy with the same id (at-least-once delivery). */
    void duplicate(String queueUrl, String messageId) {
        Stored original = find(queueUrl, messageId);
        queue(queueUrl).add(new Stored(original.messageId, original.body, original.attributes));
    }

    List<Stored> messages(String queueUrl) {
        return List.copyOf(queue(queueUrl));
    }

    List<Stored> visible(String queueUrl) {
        return queue(queueUrl).stream().filter(s -> !s.invisibleUntil.isAfter(clock.instant())).toList();
    }

    Stored find(String queueUrl, String messageId) {
        return queue(queueUrl).stream().filter(s -> s.messageId.equals(messageId)).findFirst().orElseThrow();
    }

    private List<Stored> queue(String url) {
        List<Stored> q = queues.get(url);
        if (q == null) {
            throw new IllegalArgumentException("no such queue " + url);
        }
        return q;
    }

    private ReceiveMessageResponse receive(ReceiveMessageRequest request) {
        clock.advance(receiveTakes);
        Instant now = clock.instant();
        List<Message> out = new ArrayList<>();
        for (Stored s : queue(request.queueUrl())) {
            if (out.size() >= request.maxNumberOfMessages()) {
                break;
            }
            if (s.invisibleUntil.isAfter(now)) {
                continue;
            }
            String receipt = "rh-" + (++receipts);
            s.receipts.add(receipt);
            s.invisibleUntil = now.plusSeconds(request.visibilityTimeout());
            out.add(Message.builder().messageId(s.messageId).receiptHandle(receipt).body(s.body)
                    .messageAttributes(s.attributes).build());
        }
        return ReceiveMessageResponse.builder().messages(out).build();
    }

    /** SQS's limit for one message and for all the messages of one batch (body and attributes). */
    static final int LIMIT = 262_144;

    /** A message's size as SQS counts it: body plus every attribute's name, type and value, in UTF-8. */
    static int size(String body, Map<String, MessageAttributeValue> attributes) {
        int size = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (var a : attributes.entrySet()) {
            size += (a.getKey() + a.getValue().dataType() + a.getValue().stringValue())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private SendMessageBatchResponse send(SendMessageBatchRequest request) {
        int total = request.entries().stream().mapToInt(e -> size(e.messageBody(), e.messageAttributes())).sum();
        if (total > LIMIT) {
            throw BatchRequestTooLongException.builder().statusCode(400)
                    .message("Batch requests cannot be longer than 262144 bytes. You have sent " + total + " bytes.")
                    .build();
        }
        List<SendMessageBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        request.entries().forEach(e -> {
            if (failSendOf.test(e.messageBody())) {
                failed.add(BatchResultErrorEntry.builder().id(e.id()).code("InternalError").senderFault(false).build());
            } else {
                ok.add(SendMessageBatchResultEntry.builder().id(e.id())
                        .messageId(put(request.queueUrl(), e.messageBody(), e.messageAttributes())).build());
            }
        });
        return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    private SendMessageResponse sendOne(SendMessageRequest request) {
        int size = size(request.messageBody(), request.messageAttributes());
        if (size > LIMIT) {
            throw InvalidMessageContentsException.builder().statusCode(400)
                    .message("One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.")
                    .build();
        }
        return SendMessageResponse.builder()
                .messageId(put(request.queueUrl(), request.messageBody(), request.messageAttributes())).build();
    }

    private DeleteMessageBatchResponse delete(DeleteMessageBatchRequest request) {
        if (deleteCallsThatThrow > 0) {
            deleteCallsThatThrow--;
            throw SdkClientException.create("Unable to execute HTTP request: connection reset");
        }
        List<Stored> q = queue(request.queueUrl());
        List<DeleteMessageBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        request.entries().forEach(e -> {
            Stored s = q.stream().filter(m -> m.receipts.contains(e.receiptHandle())).findFirst().orElse(null);
            if (s != null && failDeleteOf.contains(s.messageId)) {
                failed.add(BatchResultErrorEntry.builder().id(e.id()).code("InternalError").senderFault(false).build());
                return;
            }
            if (s != null) {
                q.remove(s);
            }
            ok.add(DeleteMessageBatchResultEntry.builder().id(e.id()).build());
        });
        return DeleteMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    private ChangeMessageVisibilityBatchResponse changeVisibility(ChangeMessageVisibilityBatchRequest request) {
        List<ChangeMessageVisibilityBatchResultEntry> ok = new ArrayList<>();
        request.entries().forEach(e -> {
            queue(request.queueUrl()).stream().filter(m -> m.receipts.contains(e.receiptHandle())).findFirst()
                    .ifPresent(m -> m.invisibleUntil = clock.instant().plusSeconds(e.visibilityTimeout()));
            ok.add(ChangeMessageVisibilityBatchResultEntry.builder().id(e.id()).build());
        });
        return ChangeMessageVisibilityBatchResponse.builder().successful(ok).build();
    }
}
