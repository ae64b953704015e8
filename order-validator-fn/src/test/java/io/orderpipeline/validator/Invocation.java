package io.orderpipeline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the handler like the Lambda runtime: payload bytes in, bytes out, with stdout (logs, EMF) captured. */
record Invocation(JsonNode output, List<JsonNode> stdoutLines) {

    static synchronized Invocation run(ValidateBatchHandler handler, String payload, Context context) throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context);
        } finally {
            System.out.flush();
            System.setOut(original);
            // keep the captured lines visible in the build log
            original.print(captured.toString(StandardCharsets.UTF_8));
        }
        return new Invocation(Json.read(out.toString(StandardCharsets.UTF_8)), lines(captured));
    }

    /** Every stdout line that is JSON (log lines and EMF documents). */
    static List<JsonNode> lines(ByteArrayOutputStream captured) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(Json.read(line));
                } catch (IOException notJson) {
                    // a plain-text line (none expected); the assertions look for JSON lines only
                }
            }
        }
        return lines;
    }

    List<JsonNode> logLines(String message) {
        return stdoutLines.stream().filter(l -> message.equals(l.path("message").asText())).toList();
    }

    /** EMF documents (lines with an {@code _aws.CloudWatchMetrics} block). */
    List<JsonNode> emf() {
        return stdoutLines.stream().filter(l -> l.path("_aws").has("CloudWatchMetrics")).toList();
    }

    List<JsonNode> emfWithMetric(String name) {
        return emf().stream().filter(l -> l.has(name)).toList();
    }
}
