package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.snapstart.PrimingResource;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming (lambda-support's {@link PrimingResource}): runs the real read → validate → map → write path
 * ({@link BatchProcessor#process}) on a bundled sample batch. Works below the handler's logging and metrics layer: no
 * EMF document, no business log line, output discarded.
 */
final class SnapStartPriming extends PrimingResource<JsonNode> {

    static final String SAMPLE_BATCH = "/priming/validator-batch.json";

    private final BatchProcessor processor;

    /** @param correlationIdPath the correlation-id path the handler gives Powertools' {@code withLogging} */
    SnapStartPriming(BatchProcessor processor, Tracing tracing, String correlationIdPath) {
        super(tracing, correlationIdPath);
        this.processor = processor;
    }

    /** One pass over the sample batch; the output (as a tree) for tests. */
    @Override
    protected JsonNode pass() throws IOException {
        byte[] output = processor.process(sample(SAMPLE_BATCH));
        // the tree-reading and writing paths of the shared mapper (the batch reader only streams)
        JsonNode tree = Json.read(new String(output, StandardCharsets.UTF_8));
        Json.write(tree);
        if (tree.path("valid").isEmpty() || tree.path("invalid").isEmpty()) {
            throw new IllegalStateException("the priming sample must give valid and invalid orders: " + tree.path("report"));
        }
        return tree;
    }
}
