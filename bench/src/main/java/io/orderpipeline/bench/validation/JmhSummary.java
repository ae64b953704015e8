package io.orderpipeline.bench.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.bench.report.Summary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the JMH JSON result of {@link ValidationThroughputBenchmark} into summary lines: each variant against the bare
 * Jackson parse of the same batch, and against the 1,000,000 valid orders/s/core target.
 */
public final class JmhSummary {

    static final double TARGET = 1_000_000;

    private JmhSummary() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, Double> score = new HashMap<>();
        Map<String, Double> alloc = new HashMap<>();
        for (JsonNode r : results) {
            String method = r.get("benchmark").asText().replaceAll(".*\\.", "");
            String key = method + "/" + r.path("params").path("invalidEvery").asText();
            score.put(key, r.path("primaryMetric").path("score").asDouble());
            alloc.put(key, r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN));
        }
        System.out.printf("%n%-26s %-14s %16s %14s %14s%n", "benchmark", "invalid", "orders/s", "vs parse", "B/order alloc");
        for (String invalid : new String[]{"0", "10"}) {
            double parse = score.getOrDefault("jacksonTreeParse/" + invalid, Double.NaN);
            for (String method : new String[]{"jacksonTreeParse", "jacksonStreamingParse", "parseValidateMap",
                    "validatorHandler"}) {
                String key = method + "/" + invalid;
                if (!score.containsKey(key)) {
                    continue;
                }
                System.out.printf("%-26s %-14s %,16.0f %13.2fx %,14.0f%n", method,
                        invalid.equals("0") ? "none" : "1 in " + invalid, score.get(key), parse / score.get(key),
                        alloc.get(key));
            }
        }
        double parse = score.get("jacksonTreeParse/0");
        for (String method : new String[]{"parseValidateMap", "validatorHandler"}) {
            double s = score.get(method + "/0");
            new Summary("1 validation", method + " (all valid, 1 thread)", Summary.fmt("%,.0f orders/s", s),
                    Summary.fmt("%,.0f/s Jackson parse", parse), Summary.fmt("%.1fx slower", parse / s),
                    ">= 1,000,000/s", Summary.atLeast(s, TARGET)).print();
        }
    }
}
