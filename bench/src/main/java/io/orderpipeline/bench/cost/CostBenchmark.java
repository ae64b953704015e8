package io.orderpipeline.bench.cost;

import io.orderpipeline.bench.data.OrderFiles;
import io.orderpipeline.bench.report.Summary;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.report.UploadOutcome;
import io.orderpipeline.local.cost.CostEstimate;
import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.template.ProjectFiles;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item 5 on its own: the cost per million orders of one file through the local pipeline, every bill line measured by
 * the run (docs/performance.md §5), for one or more sets of template parameters side by side, each in fresh emulators.
 * The floor of each is its DynamoDB writes (table and indexes): what any design that stores each order pays.
 * <p>
 * Two lines are local wall-clock measures: the EXPRESS children's and the functions' durations. With the template's
 * 50 children at a time on this machine's 2 cores, a child's duration would be mostly the others' work, which AWS
 * does not bill it for (each child runs on capacity of its own). So the file runs with {@code --local-concurrency}
 * children at a time (2 by default, one per core: MaxConcurrency only paces the file, it bills nothing), and the
 * durations stay upper bounds of AWS's (the emulators and other builds share the cores). The X-Ray line's reservoir
 * (one trace per second) also grows with the local run's length: an upper bound too.
 * <p>
 * Usage: {@code CostBenchmark [--orders N] [--invalid-every K] [--local-concurrency C] [--handler-log FILE]
 * [--settings NAME:K=V,K=V]...}; without {@code --settings}: {@code before} (the parameters before issue #20's cuts)
 * and {@code defaults} (the template's defaults).
 */
public final class CostBenchmark {

    private static final PrintStream OUT = System.out;
    /** The parameters the template had before issue #20's cuts (logs of every event, 100 orders a batch, INFO). */
    public static final String BEFORE = "before:StateMachineLogLevel=ALL,MaxItemsPerBatch=100,"
            + "MaxInputBytesPerBatch=65536,ValidatorLogLevel=INFO";
    /** What everything but the DynamoDB writes may cost per million orders with the defaults (issue #20). */
    public static final double TARGET_BEYOND_WRITES = 0.20;

    private CostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = 100_000;
        int invalidEvery = 0;
        String localConcurrency = "2";
        Path handlerLog = Path.of("target/cost-bench-handlers.log");
        var settings = new LinkedHashMap<String, Map<String, String>>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1]);
                case "--invalid-every" -> invalidEvery = Integer.parseInt(args[i + 1]);
                case "--handler-log" -> handlerLog = Path.of(args[i + 1]);
                case "--local-concurrency" -> localConcurrency = args[i + 1];
                case "--settings" -> settings.putAll(settings(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (settings.isEmpty()) {
            settings.putAll(settings(BEFORE));
            settings.putAll(settings("defaults:"));
        }
        Files.createDirectories(handlerLog.toAbsolutePath().getParent());
        // the in-process handlers print to System.out: their lines go to a file, metered on the way
        System.setOut(new PrintStream(new FileOutputStream(handlerLog.toFile()), false));
        OUT.println("in-process handler logs: " + handlerLog.toAbsolutePath());

        var table = new CostTable(Prices.US_EAST_1);
        var estimates = new LinkedHashMap<String, CostEstimate>();
        for (var entry : settings.entrySet()) {
            var parameters = new LinkedHashMap<>(entry.getValue());
            parameters.putIfAbsent("MaxConcurrency", localConcurrency);
            var usage = measure(parameters, orders, invalidEvery);
            printUsage(OUT, entry.getKey() + " " + entry.getValue() + ", " + orders + " orders", usage);
            estimates.put(entry.getKey(), table.add(entry.getKey(), usage, orders));
        }
        table.print(OUT);
        estimates.forEach((name, estimate) -> summary(name + " " + settings.get(name), estimate)
                .forEach(line -> line.print(OUT)));
    }

    /** {@code NAME:K=V,K=V} as the settings' name and its parameter overrides. */
    static Map<String, Map<String, String>> settings(String text) {
        int colon = text.indexOf(':');
        var name = colon < 0 ? text : text.substring(0, colon);
        return Map.of(name, colon < 0 ? Map.of() : overrides(text.substring(colon + 1)));
    }

    /** {@code K=V,K=V} as template parameter overrides, in order ({@code ./pipeline run -P K=V} one at a time). */
    public static Map<String, String> overrides(String pairs) {
        var parameters = new LinkedHashMap<String, String>();
        for (var pair : pairs.split(",")) {
            if (!pair.isBlank()) {
                var kv = pair.split("=", 2);
                parameters.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
            }
        }
        return parameters;
    }

    /** One file of {@code orders} orders in fresh emulators, after a warm-up file; its usage, reconciliation included. */
    static Usage measure(Map<String, String> parameters, int orders, int invalidEvery) throws Exception {
        var quiet = new PrintStream(OutputStream.nullOutputStream());
        try (var environment = LocalEnvironment.startOwn();
             var pipeline = LocalPipeline.create(environment, LocalPipeline.Options.defaults(ProjectFiles.home())
                     .withFunctionLog(quiet).withParameters(parameters))) {
            var warm = pipeline.upload(OrderFiles.jsonl(OrderFiles.orders("W", 2_000, 99, invalidEvery)),
                    "incoming/cost-warmup.jsonl");
            var file = OrderFiles.orders("C", orders, 7, invalidEvery);
            long started = System.nanoTime();
            UploadOutcome outcome = pipeline.upload(OrderFiles.jsonl(file), "incoming/cost-" + orders + ".jsonl");
            var report = pipeline.report(outcome);
            if (!report.conserved() || report.read() != orders) {
                throw new IllegalStateException("the pipeline did not account for the file: " + report.notConservedBecause());
            }
            OUT.printf(Locale.ROOT, "%n%s: %,d orders in %.1f s, %,d children%n", parameters, orders,
                    (System.nanoTime() - started) / 1e9, outcome.childrenSucceeded() + outcome.childrenFailed());
            // the custom metrics are per month: every one the run published counts, the warm-up's too
            var metrics = new Usage(Map.of(), List.of(), warm.usage().customMetrics(), 0, 0);
            return outcome.usage().plus(report.reconcilerUsage(pipeline.tableIndexes())).plus(metrics);
        }
    }

    /** The run-all summary lines of one estimate: the total, and everything but the writes against the target. */
    public static List<Summary> summary(String name, CostEstimate perMillion) {
        var lines = new ArrayList<Summary>();
        lines.add(new Summary("5 cost per million", name + ": every line", Summary.fmt("$%.3f", perMillion.total()),
                Summary.fmt("$%.3f DynamoDB writes", perMillion.dynamoDbWrites()),
                Summary.fmt("%.2fx", perMillion.total() / perMillion.dynamoDbWrites()), "info", "info"));
        lines.add(new Summary("5 cost per million", name + ": all but the DynamoDB writes",
                Summary.fmt("$%.3f", perMillion.everythingButDynamoDbWrites()), "-", "-",
                Summary.fmt("<= $%.2f", TARGET_BEYOND_WRITES),
                Summary.atMost(perMillion.everythingButDynamoDbWrites(), TARGET_BEYOND_WRITES)));
        return lines;
    }

    public static void printUsage(PrintStream out, String label, Usage usage) {
        out.printf(Locale.ROOT, "%nQuantities measured, %s:%n", label);
        for (var line : Line.values()) {
            double quantity = usage.quantity(line);
            if (quantity != 0) {
                out.printf(Locale.ROOT, "  %-40s %,18.3f %s%n", line.label(), quantity, line.unit());
            }
        }
        out.printf(Locale.ROOT, "  state machine history events %,d, sent to CloudWatch Logs %,d%n",
                usage.stateMachineEvents(), usage.stateMachineEventsLogged());
        usage.functions().forEach(f -> out.printf(Locale.ROOT,
                "  Lambda %s (%s): %,d invocations, %.3f GB-s, %,d log events, %,d log bytes%n", f.name(),
                f.architecture(), f.invocations(), f.gbSeconds(), f.logEvents(), f.logBytes()));
        usage.customMetrics().forEach(m -> out.println("  custom metric " + m));
    }
}
