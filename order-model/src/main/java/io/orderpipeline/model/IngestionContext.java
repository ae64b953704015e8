package io.orderpipeline.model;

import java.time.Instant;
import java.util.Objects;

/** The run an order is validated in: its source file, the Step Functions execution and the validation time. */
public record IngestionContext(SourceRef source, String executionId, Instant ingestedAt) {
    public IngestionContext {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
    }
}
