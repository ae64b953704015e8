package io.orderpipeline.asl.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conformance-exclusions.txt}: one {@code case-name | reason} per line, {@code #} starts a comment. A case
 * listed there is reported as skipped with its reason instead of being run.
 */
record Exclusions(Map<String, String> reasons) {

    static final String RESOURCE = "/conformance-exclusions.txt";

    static Exclusions load() {
        var reasons = new LinkedHashMap<String, String>();
        var stream = Exclusions.class.getResourceAsStream(RESOURCE);
        if (stream == null) {
            return new Exclusions(Map.of());
        }
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                var content = line.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                int bar = content.indexOf('|');
                if (bar < 0 || content.substring(bar + 1).isBlank()) {
                    throw new IllegalStateException(RESOURCE + " line " + number
                            + " needs the form 'case-name | reason': " + line);
                }
                reasons.put(content.substring(0, bar).strip(), content.substring(bar + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exclusions(Map.copyOf(reasons));
    }

    Optional<String> reasonFor(String caseName) {
        return Optional.ofNullable(reasons.get(caseName));
    }
}
