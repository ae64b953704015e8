package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.redrive.core.Harness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The handler as Lambda runs it, on the in-memory ports of a {@link Harness}. */
final class InMemoryHandler {

    private InMemoryHandler() {
    }

    static RedriveHandler of(Harness h, Tracing tracing) {
        Map<String, String> environment = Dlq.environment(5);
        return new RedriveHandler(environment, RedriveConfig.fromEnvironment(environment),
                new RedriveHandler.Adapters(h.queue, h.table, h.claimChecks), h.clock, tracing);
    }

    /** One invocation with ten minutes left; its response. */
    static JsonNode invoke(RedriveHandler handler, String request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out,
                    TestContext.withRemaining(600_000));
            return Json.read(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
