package io.orderpipeline.local.report;

import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.emulator.MissingResourceException;

import java.time.Duration;

/**
 * One uploaded file and what the pipeline did with it.
 *
 * @param versionId     the S3 version, null when the bucket is not versioned or the upload failed
 * @param ruleMatched   whether the EventBridge rule forwarded the "Object Created" event
 * @param executionArn  null when the rule did not match
 * @param result        null when the rule did not match
 * @param itemsRead     records the Distributed Map read from the file
 * @param usage         what the execution consumed, in billing units (the file's PUT included)
 * @param uploadFailure why S3 refused the PutObject (a {@link MissingResourceException} when the bucket does not exist);
 *                      null when the file was stored. Then nothing else happened: no event, no execution, as on AWS.
 */
public record UploadOutcome(String bucket, String key, String versionId, long size, boolean ruleMatched,
                            String executionArn, ExecutionResult result, long itemsRead, long childrenSucceeded,
                            long childrenFailed, Duration elapsed, Usage usage, RuntimeException uploadFailure) {

    public UploadOutcome(String bucket, String key, String versionId, long size, boolean ruleMatched,
                         String executionArn, ExecutionResult result, long itemsRead, long childrenSucceeded,
                         long childrenFailed, Duration elapsed, Usage usage) {
        this(bucket, key, versionId, size, ruleMatched, executionArn, result, itemsRead, childrenSucceeded, childrenFailed,
                elapsed, usage, null);
    }

    /** S3 refused the file: nothing was stored, no event was sent. */
    public static UploadOutcome notUploaded(String bucket, String key, long size, Duration elapsed, RuntimeException failure) {
        return new UploadOutcome(bucket, key, null, size, false, null, null, 0, 0, 0, elapsed,
                Usage.of(java.util.Map.of(io.orderpipeline.local.cost.Line.S3_PUT_REQUESTS, 1.0)), failure);
    }

    public boolean uploaded() {
        return uploadFailure == null;
    }
}
