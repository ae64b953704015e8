package io.orderpipeline.validator;

import io.orderpipeline.model.rules.OrderValidator;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The validator's work on one batch, without Lambda: read ({@link BatchReader}, the Distributed Map's envelope and
 * its records) → validate ({@link BatchValidator}: every record a DynamoDB item or a DLQ message) → write
 * ({@link BatchOutputWriter}: the output of data-contracts.md §2, bounded for Step Functions). The handler runs the
 * three stages inside its logging, metrics and tracing; SnapStart priming and the throughput benchmark run
 * {@link #process}. Everything is built once; thread-safe.
 */
public final class BatchProcessor {

    private final Clock clock;
    private final BatchReader reader;
    private final BatchValidator validator;
    private final BatchOutputWriter writer = new BatchOutputWriter();

    /** @param clock the validation time: the future-date rule and every item's {@code ingestedAt} */
    public BatchProcessor(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        OrderValidator orders = new OrderValidator(clock);
        this.reader = new BatchReader(new BatchRecords(orders));
        this.validator = new BatchValidator(orders);
    }

    /**
     * The output for a batch payload, with no per-order log lines (the handler's stages log them).
     *
     * @throws InvalidBatchException       when the payload is not a batch
     * @throws IOException                 when it is not readable JSON
     * @throws OrderBatchTooLargeException when the output would exceed what Step Functions carries
     */
    public byte[] process(byte[] payload) throws IOException {
        BatchReader.Batch batch = read(payload);
        return write(batch, validate(batch, false));
    }

    BatchReader.Batch read(byte[] payload) throws IOException {
        return reader.read(payload);
    }

    /** @param logDecisions false: no per-order log lines */
    BatchOutcome validate(BatchReader.Batch batch, boolean logDecisions) {
        return validator.validate(batch, batch.input().context(clock.instant()), logDecisions);
    }

    byte[] write(BatchReader.Batch batch, BatchOutcome outcome) throws IOException {
        return writer.write(outcome, batch.payloadBytes());
    }
}
