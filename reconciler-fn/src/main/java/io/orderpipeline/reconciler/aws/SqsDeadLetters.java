package io.orderpipeline.reconciler.aws;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import com.amazon.sqs.javamessaging.ExtendedClientConfiguration;
import io.orderpipeline.reconciler.core.DeadLetters;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@link DeadLetters} on SQS through the Amazon SQS Extended Client Library: a letter over SQS's limit is sent alone and
 * its body stored as {@code s3://<bucket>/<prefix><uuid>} with the library's pointer in the message (data-contracts.md
 * §7); the others go in SendMessageBatch calls of at most 10 entries and 262,144 bytes. Calls run a few at a time.
 */
public final class SqsDeadLetters implements DeadLetters {

    public static final int BATCH_ENTRIES = 10;
    public static final int PARALLEL_CALLS = 8;

    private final SqsClient extended;
    private final String queueUrl;

    public SqsDeadLetters(SqsClient sqs, S3Client s3, String queueUrl, String bucket, String keyPrefix) {
        this.extended = new AmazonSQSExtendedClient(sqs, new ExtendedClientConfiguration()
                .withPayloadSupportEnabled(s3, bucket)
                .withS3KeyPrefix(keyPrefix)
                .withPayloadSizeThreshold(SQS_MAX_MESSAGE_BYTES)
                // the attribute is ExtendedPayloadSize, not the library's legacy SQSLargePayloadSize (§7)
                .withLegacyReservedAttributeNameDisabled());
        this.queueUrl = queueUrl;
    }

    @Override
    public List<Outcome> send(List<Letter> letters) {
        List<List<Letter>> calls = group(letters);
        RequestCounter.Counts counts = RequestCounter.current();
        var limit = new Semaphore(PARALLEL_CALLS);
        var outcomes = new ArrayList<Outcome>(letters.size());
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<List<Outcome>>>();
            for (List<Letter> call : calls) {
                futures.add(threads.submit(() -> {
                    limit.acquire();
                    try {
                        var result = new ArrayList<Outcome>();
                        RequestCounter.bind(counts, () -> result.addAll(call(call)));
                        return result;
                    } finally {
                        limit.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.addAll(futures.get(i).get());
                } catch (ExecutionException e) {
                    calls.get(i).forEach(l -> outcomes.add(new Outcome(l.id(), false, false, describe(e.getCause()))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    calls.get(i).forEach(l -> outcomes.add(new Outcome(l.id(), false, false, "interrupted")));
                }
            }
        }
        return outcomes;
    }

    /** Large letters alone; the rest in batches that fit SendMessageBatch's limits. */
    static List<List<Letter>> group(List<Letter> letters) {
        var calls = new ArrayList<List<Letter>>();
        var batch = new ArrayList<Letter>();
        long batchBytes = 0;
        for (Letter letter : letters) {
            long size = letter.sizeInBytes();
            if (size > SQS_MAX_MESSAGE_BYTES) {
                calls.add(List.of(letter));
                continue;
            }
            if (!batch.isEmpty() && (batch.size() == BATCH_ENTRIES || batchBytes + size > SQS_MAX_MESSAGE_BYTES)) {
                calls.add(batch);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(letter);
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            calls.add(batch);
        }
        return calls;
    }

    private List<Outcome> call(List<Letter> letters) {
        try {
            if (letters.size() == 1 && letters.getFirst().sizeInBytes() > SQS_MAX_MESSAGE_BYTES) {
                Letter letter = letters.getFirst();
                extended.sendMessage(b -> b.queueUrl(queueUrl).messageBody(letter.body())
                        .messageAttributes(attributes(letter)));
                return List.of(new Outcome(letter.id(), true, true, null));
            }
            var entries = letters.stream().map(l -> SendMessageBatchRequestEntry.builder().id(l.id())
                    .messageBody(l.body()).messageAttributes(attributes(l)).build()).toList();
            var response = extended.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            var outcomes = new ArrayList<Outcome>();
            response.successful().forEach(ok -> outcomes.add(new Outcome(ok.id(), true, false, null)));
            response.failed().forEach(failed -> outcomes.add(new Outcome(failed.id(), false, false,
                    "SQS " + failed.code() + ": " + failed.message())));
            return outcomes;
        } catch (SdkException e) {
            String error = describe(e);
            return letters.stream().map(l -> new Outcome(l.id(), false, false, error)).toList();
        }
    }

    private static Map<String, MessageAttributeValue> attributes(Letter letter) {
        var attributes = new LinkedHashMap<String, MessageAttributeValue>();
        letter.attributes().forEach((name, value) -> attributes.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return attributes;
    }

    /** The service's own error code and message (AWS's words, not ours). */
    static String describe(Throwable e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return "SQS " + service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
