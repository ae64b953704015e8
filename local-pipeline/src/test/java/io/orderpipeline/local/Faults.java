package io.orderpipeline.local;

import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskIntegration;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Wraps the task integrations so that some calls fail the way the service would fail them. */
final class Faults {

    private Faults() {
    }

    /**
     * The first {@code times} calls whose resource and parameters match fail with {@code error}; later ones go through.
     * {@code failed} counts the injected failures.
     */
    static UnaryOperator<Function<String, TaskIntegration>> failFirst(String resource, Predicate<com.fasterxml.jackson.databind.JsonNode> which,
                                                                       int times, String error, AtomicInteger failed) {
        var remaining = new AtomicInteger(times);
        return real -> name -> {
            var integration = real.apply(name);
            if (integration == null || !name.equals(resource)) {
                return integration;
            }
            return (res, parameters, context) -> {
                if (which.test(parameters) && remaining.getAndDecrement() > 0) {
                    failed.incrementAndGet();
                    throw new StatesError(error, "injected: " + error);
                }
                return integration.invoke(res, parameters, context);
            };
        };
    }

    /**
     * Before the reconciler's request {@code action} (INSPECT or RECONCILE), deletes the version of the file it names —
     * as a lifecycle rule, an operator or a later upload-and-delete would: the reconciler then cannot find or read it.
     */
    static UnaryOperator<Function<String, TaskIntegration>> deleteTheFileBefore(String action,
                                                                               software.amazon.awssdk.services.s3.S3Client s3) {
        return real -> name -> {
            var integration = real.apply(name);
            if (integration == null || !name.equals("arn:aws:states:::lambda:invoke")) {
                return integration;
            }
            return (res, parameters, context) -> {
                var payload = parameters.path("Payload");
                if (action.equals(payload.path("action").asText())) {
                    var file = action.equals("INSPECT") ? payload.path("source") : payload.path("state");
                    String versionId = file.path("versionId").asText(null);
                    String key = file.path("key").asText();
                    // INSPECT gets the key as the event spells it: the object may be under its decoded form
                    for (String candidate : new java.util.LinkedHashSet<>(List.of(key, java.net.URLDecoder.decode(key,
                            java.nio.charset.StandardCharsets.UTF_8)))) {
                        try {
                            s3.deleteObject(b -> b.bucket(file.path("bucket").asText()).key(candidate)
                                    .versionId(versionId));
                        } catch (software.amazon.awssdk.core.exception.SdkException notThere) {
                            // not under this spelling
                        }
                    }
                }
                return integration.invoke(res, parameters, context);
            };
        };
    }

    /**
     * The first {@code passing} calls to {@code resource} go through; the next one goes through too and then fails
     * its task with {@code error} — as a task that timed out after the service had done its work — and later calls go
     * through. A terminal error ({@code States.Runtime}) fails the whole child, which no Catch can prevent.
     */
    static UnaryOperator<Function<String, TaskIntegration>> failAfterItsCall(String resource, int passing, String error,
                                                                             AtomicInteger failed) {
        var calls = new AtomicInteger();
        return real -> name -> {
            var integration = real.apply(name);
            if (integration == null || !name.equals(resource)) {
                return integration;
            }
            return (res, parameters, context) -> {
                var result = integration.invoke(res, parameters, context);
                if (calls.incrementAndGet() == passing + 1) {
                    failed.incrementAndGet();
                    throw new StatesError(error, "injected after the call went through: " + error);
                }
                return result;
            };
        };
    }
}
