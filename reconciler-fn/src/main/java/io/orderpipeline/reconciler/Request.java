package io.orderpipeline.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.reconciler.core.Inspector;
import io.orderpipeline.reconciler.core.Reconciler;
import io.orderpipeline.reconciler.core.SourceFile;

import java.util.Locale;

/** The two requests the state machine sends (data-contracts.md §5; samples in events/reconciler-*.json). */
public sealed interface Request {

    /**
     * Before the Map: which key holds the object, which reader, is the file UTF-8 and a CSV header usable.
     *
     * @param key  as the event has it (maybe URL-encoded)
     * @param size the event's object size, null when absent
     * @param etag the event's object ETag, null when absent
     */
    record Inspect(String bucket, String key, String versionId, Long size, String etag, String executionId)
            implements Request {

        Inspector.ObjectCreated object() {
            return new Inspector.ObjectCreated(bucket, key, versionId, size, etag);
        }
    }

    /** After the Map, whatever its outcome. */
    record Reconcile(SourceFile file, String executionId, Reconciler.MapOutcome map) implements Request {
    }

    /** @throws IllegalArgumentException when the payload is neither request */
    static Request parse(JsonNode payload) {
        String action = payload.path("action").asText("").toUpperCase(Locale.ROOT);
        return switch (action) {
            case "INSPECT" -> {
                JsonNode source = payload.path("source");
                JsonNode size = source.get("size");
                yield new Inspect(required(source, "bucket"), required(source, "key"), optional(source, "versionId"),
                        size != null && size.canConvertToLong() ? size.asLong() : null, optional(source, "etag"),
                        optional(payload, "executionId"));
            }
            case "RECONCILE" -> {
                JsonNode state = payload.path("state");
                String key = required(state, "key");
                String format = state.path("inspection").path("format").asText(null);
                RecordFormat recordFormat = format == null ? RecordFormat.fromKey(key) : RecordFormat.fromName(format);
                var file = new SourceFile(required(state, "bucket"), key, optional(state, "versionId"),
                        optional(state, "etag"), recordFormat);
                Reconciler.MapOutcome map;
                if (state.hasNonNull("mapRun")) {
                    JsonNode details = state.path("mapRun").path("ResultWriterDetails");
                    map = new Reconciler.MapOutcome.Succeeded(required(details, "Bucket"), required(details, "Key"));
                } else if (state.hasNonNull("mapError")) {
                    JsonNode error = state.path("mapError");
                    map = new Reconciler.MapOutcome.Failed(error.path("Error").asText("States.Runtime"),
                            error.path("Cause").asText(""));
                } else {
                    throw new IllegalArgumentException("RECONCILE needs state.mapRun (the Map's result) or state.mapError");
                }
                yield new Reconcile(file, required(state, "executionId"), map);
            }
            default -> throw new IllegalArgumentException("unknown action '" + payload.path("action").asText("")
                    + "' (INSPECT or RECONCILE)");
        };
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null) {
            throw new IllegalArgumentException("the request has no " + field);
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
