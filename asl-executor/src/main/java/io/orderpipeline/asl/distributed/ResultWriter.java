package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Distributed Map's ResultWriter ({@code arn:aws:states:::s3:putObject}, Parameters Bucket and Prefix): writes
 * {@code <Prefix>/<map run id>/SUCCEEDED_0.json} and {@code FAILED_0.json} (JSON arrays of child descriptions; a
 * file only when it has entries) and {@code manifest.json}, and makes the Map's result
 * {@code {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}} with the manifest's key.
 */
public final class ResultWriter {

    public static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";

    private final ValueSource parameters;

    private ResultWriter(ValueSource parameters) {
        this.parameters = parameters;
    }

    public static ResultWriter from(Fields map) {
        var fields = map.nested(map.where() + " ResultWriter", map.object("ResultWriter"));
        fields.unsupported("output formatting is not supported", "WriterConfig");
        String resource = fields.requiredString("Resource");
        if (!resource.equals(PUT_OBJECT)) {
            throw fields.error("Resource '" + resource + "' is not supported (only " + PUT_OBJECT + ")");
        }
        ValueSource parameters = S3Location.from(fields, List.of("Bucket", "Prefix"), "Bucket (and optionally Prefix)");
        fields.done();
        return new ResultWriter(parameters);
    }

    /**
     * Uploads the result files the children's descriptions were written to, then the manifest.
     *
     * @throws StatesError {@code States.ResultWriterFailed} when a file cannot be written
     */
    public JsonNode write(ObjectStore store, Scope scope, String mapRunArn, String mapRunId, ResultFiles results)
            throws StatesError {
        JsonNode location = parameters.evaluate(scope);
        if (!location.hasNonNull("Bucket") || !location.get("Bucket").isTextual()) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "ResultWriter Parameters need a string 'Bucket'");
        }
        String bucket = location.get("Bucket").asText();
        String prefix = location.hasNonNull("Prefix") ? location.get("Prefix").asText() : "";
        String folder = (prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";

        ObjectNode manifest = Json.NODES.objectNode();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        files.set("FAILED", upload(store, bucket, folder + "FAILED_0.json", results.finish(ExecutionStatus.FAILED)));
        files.putArray("PENDING");
        files.set("SUCCEEDED", upload(store, bucket, folder + "SUCCEEDED_0.json",
                results.finish(ExecutionStatus.SUCCEEDED)));
        String manifestKey = folder + "manifest.json";
        put(store, bucket, manifestKey, Json.write(manifest).getBytes(StandardCharsets.UTF_8));

        ObjectNode result = Json.NODES.objectNode();
        result.put("MapRunArn", mapRunArn);
        ObjectNode details = result.putObject("ResultWriterDetails");
        details.put("Bucket", bucket);
        details.put("Key", manifestKey);
        return result;
    }

    /** A file only when it has entries; its listing in the manifest. */
    private static ArrayNode upload(ObjectStore store, String bucket, String key, ResultFiles.Spooled spooled) {
        ArrayNode listing = Json.NODES.arrayNode();
        if (spooled == null) {
            return listing;
        }
        try {
            store.put(bucket, key, spooled.file());
        } catch (StatesError e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "cannot write s3://" + bucket + "/" + key + ": " + e.cause());
        } catch (RuntimeException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "cannot write s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
        listing.addObject().put("Key", key).put("Size", spooled.bytes());
        return listing;
    }

    private static void put(ObjectStore store, String bucket, String key, byte[] content) {
        try {
            store.put(bucket, key, content);
        } catch (StatesError e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "cannot write s3://" + bucket + "/" + key + ": " + e.cause());
        } catch (RuntimeException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "cannot write s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }
}
