package io.orderpipeline.bench.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.bench.cost.CostBenchmark;
import io.orderpipeline.bench.cost.CostTable;
import io.orderpipeline.bench.data.OrderFiles;
import io.orderpipeline.bench.cost.NaiveDesign;
import io.orderpipeline.bench.report.Summary;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.report.UploadOutcome;
import io.orderpipeline.local.cost.CostEstimate;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.local.template.ProjectFiles;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.OrderItemMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Items 4 and 5 in one JVM and one set of emulators:
 * <ol>
 *   <li>a file of N orders through the local pipeline (real template, definition, handlers) vs raw BatchWriteItem of
 *       the same items into the same DynamoDB Local;</li>
 *   <li>cost per million orders from the counts that run recorded, vs the naive design run on the largest file it can
 *       take;</li>
 *   <li>the naive design's hard limits, failing for real: a file over 256 KB, and an inline Map whose history passes
 *       25,000 events.</li>
 * </ol>
 * Usage: {@code PipelineBenchmarks [--orders N] [--rounds R] [--floor-threads T] [--naive-orders M]
 * [--naive DEFINITION] [--handler-log FILE] [--parameters NAME=VALUE[,NAME=VALUE...]]}
 */
public final class PipelineBenchmarks {

    /** The report; System.out itself gets the in-process handlers' JSON logs (they follow System.out). */
    private static final PrintStream OUT = System.out;
    /** TransactWriteItems takes up to 100 actions; 25 keeps each request the size of a BatchWriteItem's. */
    private static final int TRANSACTION_ITEMS = 25;

    private PipelineBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int orders = Integer.parseInt(options.getOrDefault("--orders", "100000"));
        int floorThreads = Integer.parseInt(options.getOrDefault("--floor-threads", "8"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "2"));
        int naiveOrders = Integer.parseInt(options.getOrDefault("--naive-orders", "500"));
        // Template parameter overrides for the pipeline, as `./pipeline run -P` takes them: NAME=VALUE[,NAME=VALUE...]
        // (e.g. MaxConcurrency=10, the prod stage's).
        Map<String, String> parameters = CostBenchmark.overrides(options.getOrDefault("--parameters", ""));
        Path naiveDefinition = Path.of(options.getOrDefault("--naive",
                ProjectFiles.home().resolve("bench/naive/naive-pipeline.asl.json").toString()));

        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path handlerLog = Path.of(options.getOrDefault("--handler-log", "target/pipeline-bench-handlers.log"));
        java.nio.file.Files.createDirectories(handlerLog.getParent());
        System.setOut(new PrintStream(new java.io.FileOutputStream(handlerLog.toFile()), false));
        OUT.println("in-process handler logs: " + handlerLog.toAbsolutePath());
        long envStart = System.nanoTime();
        try (LocalEnvironment environment = LocalEnvironment.startOwn();
             LocalPipeline pipeline = LocalPipeline.create(environment,
                     LocalPipeline.Options.defaults(ProjectFiles.home()).withFunctionLog(quiet)
                             .withParameters(parameters))) {
            OUT.println("template parameter overrides: " + (parameters.isEmpty() ? "none" : parameters));
            OUT.printf("emulators started and template provisioned in %.1f s%n", (System.nanoTime() - envStart) / 1e9);
            BatchWriteFloor floor = new BatchWriteFloor(environment.clients().dynamoDb(), floorThreads);
            floor.createTableLike(pipeline.tableName(), "FloorTable");

            // Warm both paths (JIT, connection pools, DynamoDB Local's SQLite) on orders that are not measured: a few
            // thousand orders leave the executor's and the SDK's code half-compiled, and that first cost is not what
            // either path costs per order.
            int warmOrders = Math.min(20_000, Math.max(2_000, orders / 5));
            List<ObjectNode> warm = OrderFiles.orders("W", warmOrders, 99, 0);
            require(pipeline.upload(OrderFiles.jsonl(warm), "incoming/bench-warmup.jsonl"), warm.size());
            // The baselines write through the client the state machine's dynamodb:putItem tasks use: DynamoDB Local's
            // request handler in this JVM, no HTTP (local-pipeline InProcessDynamoDb), so they compare like with like;
            // `floor` (over HTTP, as the functions' SDK clients write) is reported beside them.
            BatchWriteFloor inProcess = new BatchWriteFloor(environment.stateMachineDynamoDb(), floorThreads);
            inProcess.write("FloorTable", items(warm));
            inProcess.putEach("FloorTable", items(OrderFiles.orders("WQ", warmOrders, 97, 0)));
            floor.putEach("FloorTable", items(OrderFiles.orders("WP", warmOrders, 98, 0)));

            // The ratio that matters, measured in this one run: the pipeline and the same orders written with one
            // conditional PutItem each, round after round, so both meet the same machine (this one is shared).
            var cpu = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            double pipelineSeconds = 0;
            double putItemSeconds = 0;
            double httpPutSeconds = 0;
            double pipelineCpu = 0;
            double putItemCpu = 0;
            UploadOutcome outcome = null;
            byte[] bytes = null;
            List<ObjectNode> file = null;
            for (int round = 1; round <= rounds; round++) {
                file = OrderFiles.orders("E" + round, orders, 1, 0);
                bytes = OrderFiles.jsonl(file);
                long cpuBefore = cpu.getProcessCpuTime();
                outcome = pipeline.upload(bytes, "incoming/bench-" + orders + "-" + round + ".jsonl");
                require(outcome, orders);
                double roundPipeline = outcome.elapsed().toNanos() / 1e9;
                double roundPipelineCpu = (cpu.getProcessCpuTime() - cpuBefore) / 1e9;
                List<Map<String, AttributeValue>> putItems = items(OrderFiles.orders("P" + round, orders, 1, 0));
                cpuBefore = cpu.getProcessCpuTime();
                double roundPut = inProcess.putEach("FloorTable", putItems) / 1e9;
                double roundPutCpu = (cpu.getProcessCpuTime() - cpuBefore) / 1e9;
                double roundHttpPut = floor.putEach("FloorTable", items(OrderFiles.orders("H" + round, orders, 1, 0)))
                        / 1e9;
                OUT.printf("round %d: pipeline %.2f s (%.1f s CPU), one conditional PutItem per order %.2f s (%.1f s CPU):"
                                + " %.2fx (CPU %.2fx); the same puts over HTTP %.2f s; load average %s%n", round,
                        roundPipeline, roundPipelineCpu, roundPut, roundPutCpu, roundPipeline / roundPut,
                        roundPipelineCpu / roundPutCpu, roundHttpPut, loadAverage());
                pipelineSeconds += roundPipeline;
                putItemSeconds += roundPut;
                httpPutSeconds += roundHttpPut;
                pipelineCpu += roundPipelineCpu;
                putItemCpu += roundPutCpu;
            }
            pipelineSeconds /= rounds;
            putItemSeconds /= rounds;
            httpPutSeconds /= rounds;
            double floorSeconds = inProcess.write("FloorTable", items(file)) / 1e9;
            // Where DynamoDB Local spends the difference: the condition, or the request itself?
            double unconditionalSeconds = inProcess.putEachUnconditional("FloorTable",
                    items(OrderFiles.orders("U", orders, 1, 0))) / 1e9;
            double transactSeconds = inProcess.transactEach("FloorTable", items(OrderFiles.orders("T", orders, 1, 0)),
                    TRANSACTION_ITEMS) / 1e9;
            double ratio = pipelineSeconds / floorSeconds;
            double putRatio = pipelineSeconds / putItemSeconds;
            OUT.printf("%nLocal end to end, %,d valid orders (%,d bytes JSONL), mean of %d rounds:%n", orders,
                    bytes.length, rounds);
            OUT.printf("  pipeline (S3 put → rule → STANDARD execution → Distributed Map → EXPRESS children → "
                    + "validator → putItem → reconciler): %.2f s, %,.0f orders/s, %d children%n", pipelineSeconds,
                    orders / pipelineSeconds, outcome.childrenSucceeded());
            OUT.printf("  floor (raw BatchWriteItem x25, %d threads, same DynamoDB Local in this JVM, same key + GSI): %.2f s,"
                    + " %,.0f orders/s%n", floorThreads, floorSeconds, orders / floorSeconds);
            OUT.printf("  one conditional PutItem per order instead (what the state machine's dynamodb:putItem does),"
                    + " %d threads, the client the state machine uses (in this JVM): %.2f s, %,.0f orders/s%n",
                    floorThreads, putItemSeconds, orders / putItemSeconds);
            OUT.printf("  the same puts over HTTP (what the functions' SDK clients do), %d threads: %.2f s, %,.0f orders/s%n",
                    floorThreads, httpPutSeconds, orders / httpPutSeconds);
            OUT.printf("  one PutItem per order without the condition: %.2f s, %,.0f orders/s%n", unconditionalSeconds,
                    orders / unconditionalSeconds);
            OUT.printf("  the same conditional puts, %d per TransactWriteItems: %.2f s, %,.0f orders/s%n",
                    TRANSACTION_ITEMS, transactSeconds, orders / transactSeconds);
            OUT.printf("  ratio pipeline / floor: %.2fx; pipeline / PutItem-per-order: %.2fx (CPU time %.2fx)%n", ratio,
                    putRatio, pipelineCpu / putItemCpu);
            new Summary("4 local end to end", Summary.fmt("%,d orders through ./pipeline's Java API", orders),
                    Summary.fmt("%.1f s", pipelineSeconds), Summary.fmt("%.1f s BatchWriteItem", floorSeconds),
                    Summary.fmt("%.2fx", ratio), "<= 1.5x", Summary.atMost(ratio, 1.5)).print(OUT);
            new Summary("4 local end to end", Summary.fmt("%,d orders: pipeline vs one conditional PutItem each", orders),
                    Summary.fmt("%.1f s", pipelineSeconds), Summary.fmt("%.1f s PutItem", putItemSeconds),
                    Summary.fmt("%.2fx", putRatio), "<= 1.3x", Summary.atMost(putRatio, 1.3)).print(OUT);
            new Summary("4 local end to end", Summary.fmt("%,d orders: pipeline vs the same puts over HTTP", orders),
                    Summary.fmt("%.1f s", pipelineSeconds), Summary.fmt("%.1f s PutItem over HTTP", httpPutSeconds),
                    Summary.fmt("%.2fx", pipelineSeconds / httpPutSeconds), "info", "info").print(OUT);
            new Summary("4 local end to end", "same orders, one conditional PutItem each (no pipeline)",
                    Summary.fmt("%.1f s", putItemSeconds), Summary.fmt("%.1f s BatchWriteItem", floorSeconds),
                    Summary.fmt("%.2fx", putItemSeconds / floorSeconds), "info", "info").print(OUT);
            new Summary("4 local end to end", "same orders, one PutItem each without the condition (no pipeline)",
                    Summary.fmt("%.1f s", unconditionalSeconds), Summary.fmt("%.1f s BatchWriteItem", floorSeconds),
                    Summary.fmt("%.2fx", unconditionalSeconds / floorSeconds), "info", "info").print(OUT);
            new Summary("4 local end to end", Summary.fmt("same orders, conditional puts, %d per TransactWriteItems",
                    TRANSACTION_ITEMS), Summary.fmt("%.1f s", transactSeconds),
                    Summary.fmt("%.1f s BatchWriteItem", floorSeconds),
                    Summary.fmt("%.2fx", transactSeconds / floorSeconds), "info", "info").print(OUT);

            // Item 5: cost per million orders.
            NaiveDesign naive = new NaiveDesign(pipeline, naiveDefinition);
            List<ObjectNode> naiveFile = OrderFiles.orders("N", naiveOrders, 5, 0);
            NaiveDesign.Run naiveRun = naive.run(OrderFiles.jsonArray(naiveFile), "naive-" + naiveOrders + ".json", naiveOrders);
            if (!naiveRun.result().succeeded()) {
                throw new IllegalStateException("the naive design failed on " + naiveOrders + " orders: "
                        + naiveRun.result().error() + " " + naiveRun.result().cause());
            }
            // the reconciliation is part of the design's cost: its invocations are in outcome.usage(), its own
            // S3, SQS and DynamoDB requests come from its report (docs/data-contracts.md §6)
            var reconciled = pipeline.report(outcome);
            if (!reconciled.conserved() || reconciled.read() != orders) {
                throw new IllegalStateException("the reconciler did not account for the bench file: "
                        + reconciled.notConservedBecause());
            }
            Usage designUsage = outcome.usage().plus(reconciled.reconcilerUsage(pipeline.tableIndexes()));
            CostBenchmark.printUsage(OUT, "this design, " + orders + " orders (reconciliation included)", designUsage);
            CostBenchmark.printUsage(OUT, "naive design, " + naiveOrders + " orders (" + naiveRun.fileBytes()
                    + " bytes, one execution)", naiveRun.usage());
            CostTable table = new CostTable(Prices.US_EAST_1);
            CostEstimate design = table.add("this design", designUsage, orders);
            CostEstimate naiveCost = table.add("naive design", naiveRun.usage(), naiveOrders);
            table.print(OUT);
            // This run's children ran 50 at a time on this machine's cores: its duration lines are mostly contention.
            // The design's own figure comes from CostBenchmark (item 5); this compares it with the naive design.
            new Summary("5 naive design", "naive design (one execution, inline Map), per million orders",
                    Summary.fmt("$%.2f", naiveCost.total()), Summary.fmt("$%.2f this design", design.total()),
                    Summary.fmt("%.0fx", naiveCost.total() / design.total()), "info", "info").print(OUT);

            // The naive design's hard limits, demonstrated in the executor.
            int big = 1_000;
            List<ObjectNode> bigFile = OrderFiles.orders("B", big, 6, 0);
            NaiveDesign.Run tooBig = naive.run(OrderFiles.jsonArray(bigFile), "naive-" + big + ".json", big);
            OUT.printf("%nNaive limit 1 — a %,d-order file (%,d bytes) read with GetObject: %s %s%n  cause: %s%n",
                    big, tooBig.fileBytes(), tooBig.result().status(), tooBig.result().error(), tooBig.result().cause());
            new Summary("5 naive limit", Summary.fmt("GetObject of a %,d-byte file", tooBig.fileBytes()),
                    String.valueOf(tooBig.result().error()), "256 KB payload", "-", "fails",
                    shown(tooBig, "States.DataLimitExceeded", "maximum number of bytes service limit")).print(OUT);

            int many = 3_000;
            byte[] tiny = tinyRecords(many);
            NaiveDesign.Run tooLong = naive.run(tiny, "naive-ids-" + many + ".json", many);
            OUT.printf("%nNaive limit 2 — an inline Map over %,d records (%,d bytes: under 256 KB) in STANDARD: "
                    + "%s %s after %,d history events%n  cause: %s%n", many, tooLong.fileBytes(),
                    tooLong.result().status(), tooLong.result().error(), tooLong.result().stats().historyEvents(),
                    tooLong.result().cause());
            new Summary("5 naive limit", Summary.fmt("inline Map over %,d records", many),
                    String.valueOf(tooLong.result().error()), "25,000 history events", "-", "fails",
                    shown(tooLong, "States.Runtime", "history")).print(OUT);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** SHOWN when the execution failed with exactly the limit's error; anything else is reported as it is. */
    private static String shown(NaiveDesign.Run run, String error, String causeMentions) {
        var result = run.result();
        if (result.succeeded()) {
            return "NOT SHOWN (succeeded)";
        }
        return error.equals(result.error()) && result.cause() != null && result.cause().contains(causeMentions)
                ? "SHOWN" : "NOT SHOWN (" + result.error() + ")";
    }

    /** Records that are only an order id (invalid orders, DLQ path): small enough to pass the 256 KB read. */
    private static byte[] tinyRecords(int count) {
        StringBuilder json = new StringBuilder("[");
        IntStream.range(0, count).forEach(i -> json.append(i == 0 ? "" : ",")
                .append("{\"orderId\":\"T-").append(i).append("\"}"));
        return json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void require(UploadOutcome outcome, int orders) {
        if (!outcome.ruleMatched() || outcome.result() == null || !outcome.result().succeeded()
                || outcome.itemsRead() != orders || outcome.childrenFailed() != 0) {
            throw new IllegalStateException("the pipeline did not process the file cleanly: " + outcome);
        }
    }

    /** The orders as the pipeline stores them, the items its PutOrder task writes (mapped outside the timed region). */
    static List<Map<String, AttributeValue>> items(List<ObjectNode> orders) {
        OrderValidator validator = new OrderValidator();
        IngestionContext context = new IngestionContext(new SourceRef("orders-bucket", "incoming/floor.jsonl", null),
                "arn:aws:states:us-east-1:000000000000:execution:Floor:bench", Instant.now());
        List<Map<String, AttributeValue>> items = new ArrayList<>(orders.size());
        for (ObjectNode order : orders) {
            if (validator.validate(order, RecordFormat.JSONL) instanceof ValidationResult.Valid ok) {
                items.add(SdkAttributeValues.toSdk(OrderItemMapper.toItem(ok.order(), context)));
            } else {
                throw new IllegalStateException("generated order is invalid: " + order);
            }
        }
        return items;
    }

}
