package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;

import java.nio.charset.StandardCharsets;

/**
 * Whether a record could reach a child at all. The Distributed Map's child input is
 * {@code {"Items":[{"index":n,"record":…}],"BatchInput":{"bucket","key","versionId","format","executionId"}}}
 * (data-contracts.md §2) and the validator's invoke carries it again with its FunctionName. Step Functions takes at
 * most 256 KiB (262,144 bytes) of UTF-8 JSON per execution input and per task input
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions), and a
 * record whose batch of one is larger can never be validated by a child, whatever the ItemBatcher's bounds. What AWS
 * does with such an item (a failed child, a failed Map Run, or no child at all) is not documented; the reconciler
 * stores such a record itself if it is a valid order, whichever way it went.
 */
final class BatchPayload {

    /** Step Functions' payload quota. */
    static final int MAX_PAYLOAD_BYTES = 262_144;

    /**
     * Room for the invoke's wrapper ({@code {"FunctionName":"<alias ARN>","Payload":…}}, an alias ARN being at most
     * about 200 bytes): a record that close to the quota is treated as one that cannot travel. Storing a valid order
     * the pipeline might still have carried is harmless (the same conditional put), parking it would not be.
     */
    static final int INVOKE_WRAPPER_BYTES = 512;

    private final long envelopeBytes;

    /** @param file what the BatchInput names; {@code executionId} the parent execution's ARN */
    BatchPayload(SourceFile file, String executionId) {
        ObjectNode batchInput = JsonNodeFactory.instance.objectNode();
        batchInput.put("bucket", file.bucket());
        batchInput.put("key", file.key());
        batchInput.put("versionId", file.versionId());
        batchInput.put("format", file.format().name());
        batchInput.put("executionId", executionId);
        this.envelopeBytes = ("{\"Items\":[{\"index\":,\"record\":}],\"BatchInput\":}".length()
                + Json.write(batchInput).getBytes(StandardCharsets.UTF_8).length);
    }

    /** The child input of a batch holding only this record, in bytes. */
    long loneBatchBytes(SourceRecord record) {
        return envelopeBytes + Integer.toString(record.index()).length() + record.bytes();
    }

    /** Whether no batch, not even one of this record alone, can carry it to the validator. */
    boolean cannotTravel(SourceRecord record) {
        return loneBatchBytes(record) + INVOKE_WRAPPER_BYTES > MAX_PAYLOAD_BYTES;
    }
}
