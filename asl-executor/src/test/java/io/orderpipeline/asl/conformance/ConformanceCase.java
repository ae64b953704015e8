package io.orderpipeline.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One recorded execution: {@code {name, source, recorded, queryLanguage, definition, input, expected}} where
 * {@code expected} is {@code {status, output}} or {@code {status, error, cause}}.
 */
record ConformanceCase(Path file, String name, String source, String queryLanguage, JsonNode definition,
                       JsonNode input, JsonNode expected) {

    private static final ObjectMapper JSON = io.orderpipeline.asl.path.Json.MAPPER;

    static ConformanceCase read(Path file) {
        try {
            var root = JSON.readTree(file.toFile());
            return new ConformanceCase(file, root.path("name").asText(file.getFileName().toString()),
                    root.path("source").asText(""), root.path("queryLanguage").asText("JSONPath"),
                    root.get("definition"), root.get("input"), root.get("expected"));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable conformance case " + file, e);
        }
    }
}
