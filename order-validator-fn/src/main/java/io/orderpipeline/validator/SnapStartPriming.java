package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.snapstart.PrimingResource;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming: before Lambda takes the snapshot, runs the real read → validate → map → write path
 * ({@link BatchProcessor#process}) on a bundled sample batch so the classes it loads and the code it JIT-compiles are
 * in the snapshot instead of in the first invoke. Works below the handler's logging and metrics layer: no EMF
 * document, no business log line, output discarded.
 */
final class SnapStartPriming extends PrimingResource {

    static final String SAMPLE_BATCH = "/priming/validator-batch.json";

    private final BatchProcessor processor;
    private final Tracing tracing;
    private final String correlationIdPath;

    /** @param correlationIdPath the correlation-id path the handler gives Powertools' {@code withLogging} */
    SnapStartPriming(BatchProcessor processor, Tracing tracing, String correlationIdPath) {
        this.processor = processor;
        this.tracing = tracing;
        this.correlationIdPath = correlationIdPath;
    }

    @Override
    protected void warmUp() throws IOException {
        prime();
    }

    @Override
    protected String correlationIdPath() {
        return correlationIdPath;
    }

    /** One pass over the sample batch; the output is returned (as a tree) for tests and otherwise discarded. */
    JsonNode prime() throws IOException {
        byte[] sample;
        try (InputStream in = SnapStartPriming.class.getResourceAsStream(SAMPLE_BATCH)) {
            if (in == null) {
                throw new IOException("the priming sample " + SAMPLE_BATCH + " is not on the classpath");
            }
            sample = in.readAllBytes();
        }
        byte[] output = processor.process(sample);
        // the tree-reading and writing paths of the shared mapper (the batch reader only streams)
        JsonNode tree = Json.read(new String(output, StandardCharsets.UTF_8));
        Json.write(tree);
        if (tree.path("valid").isEmpty() || tree.path("invalid").isEmpty()) {
            throw new IllegalStateException("the priming sample must give valid and invalid orders: " + tree.path("counts"));
        }
        // last, so the paths above are warm even if X-Ray objects: without a trace header (none before the
        // snapshot) this is a pass-through that initialises the Tracing class and its lambdas
        tracing.inSubsegment("Priming", () -> tree.path("counts").path("received").asInt());
        return tree;
    }
}
