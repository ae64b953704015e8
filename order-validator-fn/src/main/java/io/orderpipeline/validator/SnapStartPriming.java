package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.Json;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.lambda.snapstart.PrimingResource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * SnapStart priming: before Lambda takes the snapshot, runs the real read → validate → map → write path on a bundled
 * sample batch so the classes it loads and the code it JIT-compiles are in the snapshot instead of in the first
 * invoke. Works below the handler's logging and metrics layer: no EMF document, no business log line, output discarded.
 */
final class SnapStartPriming extends PrimingResource {

    static final String SAMPLE_BATCH = "/priming/validator-batch.json";

    private final BatchReader reader;
    private final BatchValidator validator;
    private final BatchOutputWriter writer;
    private final Tracing tracing;
    private final Clock clock;

    SnapStartPriming(BatchReader reader, BatchValidator validator, BatchOutputWriter writer, Tracing tracing,
                     Clock clock) {
        this.reader = reader;
        this.validator = validator;
        this.writer = writer;
        this.tracing = tracing;
        this.clock = clock;
    }

    @Override
    protected void warmUp() throws IOException {
        prime();
    }

    @Override
    protected String correlationIdPath() {
        return ValidateBatchHandler.CORRELATION_ID;
    }

    /** One pass over the sample batch; the outcome is returned for tests and otherwise discarded. */
    BatchOutcome prime() throws IOException {
        BatchReader.Batch batch;
        try (InputStream in = SnapStartPriming.class.getResourceAsStream(SAMPLE_BATCH)) {
            if (in == null) {
                throw new IOException("the priming sample " + SAMPLE_BATCH + " is not on the classpath");
            }
            batch = reader.read(in);
        }
        BatchOutcome outcome = validator.validate(batch, batch.input().context(clock.instant()), false);
        byte[] output = writer.write(outcome, batch.payloadBytes());
        // the tree-reading and writing paths of the shared mapper (the batch reader only streams)
        JsonNode tree = Json.read(new String(output, StandardCharsets.UTF_8));
        Json.write(tree);
        if (tree.path("valid").isEmpty() || tree.path("invalid").isEmpty()) {
            throw new IllegalStateException("the priming sample must give valid and invalid orders: " + tree.path("counts"));
        }
        // last, so the paths above are warm even if X-Ray objects: without a trace header (none before the
        // snapshot) this is a pass-through that initialises the Tracing class and its lambdas
        tracing.inSubsegment("Priming", () -> outcome.received());
        return outcome;
    }
}
