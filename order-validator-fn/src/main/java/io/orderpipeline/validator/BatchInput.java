package io.orderpipeline.validator;

import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;

import java.time.Instant;
import java.util.Objects;

/** The ItemBatcher's {@code BatchInput}: which file the batch came from, its format and the execution. */
record BatchInput(SourceRef source, RecordFormat format, String executionId) {

    BatchInput {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
    }

    IngestionContext context(Instant ingestedAt) {
        return new IngestionContext(source, executionId, ingestedAt);
    }

    /** {@code <sourceKey>#<executionId>}: the correlation id on every log line of the batch. */
    String correlationId() {
        return executionId == null ? source.key() : source.key() + "#" + executionId;
    }
}
