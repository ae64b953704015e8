package io.orderpipeline.reconciler.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the HTTP requests (retries included: each is billed) the reconciler's clients send during one invocation,
 * by kind, for the report's {@code requests} (data-contracts.md §6). The counts of the invocation running on a thread
 * are its own: {@link #start()} binds a fresh set to the invoking thread, {@link #bind} to a helper thread.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private static final ThreadLocal<Counts> CURRENT = new ThreadLocal<>();

    /** One invocation's counts. */
    public static final class Counts {
        private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();

        void add(String kind) {
            byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }

        public Map<String, Long> snapshot() {
            var copy = new TreeMap<String, Long>();
            byKind.forEach((kind, n) -> copy.put(kind, n.get()));
            return copy;
        }
    }

    /** Binds a fresh set of counts to this thread and returns it. */
    public static Counts start() {
        var counts = new Counts();
        CURRENT.set(counts);
        return counts;
    }

    public static Counts current() {
        return CURRENT.get();
    }

    /** Runs {@code work} on this thread counting into {@code counts} (for helper threads). */
    public static void bind(Counts counts, Runnable work) {
        Counts before = CURRENT.get();
        CURRENT.set(counts);
        try {
            work.run();
        } finally {
            CURRENT.set(before);
        }
    }

    public static void stop() {
        CURRENT.remove();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Counts counts = CURRENT.get();
        if (counts == null) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.add(kind(service, operation));
    }

    /**
     * s3Get, s3Put, s3List, sqsSend, dynamoDbGet, dynamoDbBatchGet, dynamoDbPut, dynamoDbDelete; anything else by
     * service and operation.
     */
    static String kind(String service, String operation) {
        return switch (operation == null ? "" : operation) {
            case "GetObject" -> "s3Get";
            case "PutObject" -> "s3Put";
            case "ListObjectsV2", "ListObjects" -> "s3List";
            case "SendMessage", "SendMessageBatch" -> "sqsSend";
            case "GetItem" -> "dynamoDbGet";
            case "BatchGetItem" -> "dynamoDbBatchGet";
            case "PutItem" -> "dynamoDbPut";
            case "DeleteItem" -> "dynamoDbDelete";
            default -> service + "." + operation;
        };
    }
}
