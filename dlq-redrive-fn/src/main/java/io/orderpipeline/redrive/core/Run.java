package io.orderpipeline.redrive.core;

import io.orderpipeline.lambda.tracing.Tracing;

import java.time.Clock;

/**
 * One redrive run: what every run uses (fixed per container), what this one was asked, the heartbeat keeping what it
 * holds invisible, what it remembers across batches and where its messages ended.
 */
record Run(DeadLetterQueue queue, OrderTable table, ClaimChecks claimChecks, Triage triage, int maxAttempts,
           Tracing tracing, Clock clock, RedriveRequest request, DeadLetterQueue.Heartbeat heartbeat,
           RunMemory memory, Outcomes outcomes) {

    boolean dryRun() {
        return request.dryRun();
    }
}
