package io.orderpipeline.local;

import io.orderpipeline.asl.ExecutionResult;
import io.orderpipeline.local.cost.Usage;

import java.time.Duration;

/**
 * One uploaded file and what the pipeline did with it.
 *
 * @param versionId     the S3 version, null when the bucket is not versioned
 * @param ruleMatched   whether the EventBridge rule forwarded the "Object Created" event
 * @param executionArn  null when the rule did not match
 * @param result        null when the rule did not match
 * @param itemsRead     records the Distributed Map read from the file
 * @param usage         what the execution consumed, in billing units (the file's PUT included)
 */
public record UploadOutcome(String bucket, String key, String versionId, long size, boolean ruleMatched,
                            String executionArn, ExecutionResult result, long itemsRead, long childrenSucceeded,
                            long childrenFailed, Duration elapsed, Usage usage) {
}
