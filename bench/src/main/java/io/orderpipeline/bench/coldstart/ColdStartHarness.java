package io.orderpipeline.bench.coldstart;

import io.orderpipeline.bench.data.OrderGenerator;
import io.orderpipeline.bench.report.Stats;
import io.orderpipeline.bench.report.Summary;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold-start proxy: launches a fresh JVM per run ({@link ColdStartLauncher}) and times process start → first handler
 * response, for the bare hello handler and each function jar, interleaved round by round so machine noise hits all
 * cases alike. Same JVM, same flags (the template's {@code JAVA_TOOL_OPTIONS}) for every case.
 *
 * <p>Usage: {@code ColdStartHarness --runs N --work DIR --launcher JAR --hello JAR --validator JAR [--redrive JAR]
 * [--reconciler JAR] [--appcds]}
 */
public final class ColdStartHarness {

    /** The template's JAVA_TOOL_OPTIONS. */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    /**
     * Only the launcher and the Lambda runtime interfaces (as in Lambda, where the runtime provides them): the
     * function's own classes must come from its jar, never from the bench's class path.
     */
    private static String launcherClasspath(Path launcherJar) {
        return String.join(java.io.File.pathSeparator, launcherJar.toAbsolutePath().toString(),
                codeSource(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class));
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path launcherJar;
    private static Path workDir;

    record Case(String name, Path jar, String handler, Path event, Map<String, String> env, List<String> extraFlags) {
    }

    record Run(double wallMillis, double initMillis, double primeMillis, double firstMillis, double secondMillis) {
    }

    /** The suffix of the cases that run the function's SnapStart priming between constructor and first invoke. */
    static final String PRIMED = "+priming";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int runs = Integer.parseInt(options.getOrDefault("--runs", "15"));
        Path work = Files.createDirectories(Path.of(options.getOrDefault("--work", "target/coldstart")));
        boolean appCds = options.containsKey("--appcds");
        launcherJar = Path.of(options.getOrDefault("--launcher", "target/bench-1.0.0-SNAPSHOT-launcher.jar"));
        workDir = work;
        Path batchEvent = work.resolve("validator-event.json");
        Files.write(batchEvent, Json.mapper().writeValueAsBytes(new OrderGenerator(7, 10).batch(100)));
        Path redriveEvent = work.resolve("redrive-event.json");
        Files.writeString(redriveEvent, "{\"maxMessages\":10}");

        try (AwsStub stub = new AwsStub(sampleDlqBody())) {
            List<Case> cases = new ArrayList<>();
            Map<String, String> none = Map.of();
            cases.add(new Case("hello", Path.of(options.get("--hello")),
                    "io.orderpipeline.bench.coldstart.hello.HelloHandler", batchEvent, none, List.of()));
            cases.add(new Case("validator", Path.of(options.get("--validator")),
                    "io.orderpipeline.validator.ValidateBatchHandler", batchEvent,
                    Map.of("POWERTOOLS_SERVICE_NAME", "order-validator"), List.of()));
            if (options.containsKey("--redrive")) {
                cases.add(new Case("redrive", Path.of(options.get("--redrive")),
                        "io.orderpipeline.redrive.RedriveHandler", redriveEvent, redriveEnv(stub), List.of()));
            }
            if (options.containsKey("--reconciler")) {
                Path reconcileEvent = work.resolve("reconciler-event.json");
                Files.writeString(reconcileEvent, reconcilerFixture(stub));
                cases.add(new Case("reconciler", Path.of(options.get("--reconciler")),
                        "io.orderpipeline.reconciler.ReconcilerHandler", reconcileEvent, reconcilerEnv(stub), List.of()));
            }
            for (Case c : List.copyOf(cases.subList(1, cases.size()))) {
                cases.add(new Case(c.name() + PRIMED, c.jar(), c.handler(), c.event(), c.env(),
                        List.of("-Dorg.crac.Core.Compat=" + ColdStartLauncher.SIMULATED_CRAC)));
            }
            if (appCds) {
                for (Case c : cases.stream().filter(c -> !c.name().endsWith(PRIMED)).toList()) {
                    Path archive = work.resolve(c.name() + ".jsa").toAbsolutePath();
                    Files.deleteIfExists(archive);
                    cases.add(new Case(c.name() + "+AppCDS", c.jar(), c.handler(), c.event(), c.env(),
                            List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive)));
                }
                // The first run of each AppCDS case only writes the archive: do it before timing.
                for (Case c : cases) {
                    if (c.name().endsWith("+AppCDS")) {
                        launch(c, stub, -1);
                    }
                }
            }
            Map<String, List<Run>> results = new LinkedHashMap<>();
            cases.forEach(c -> results.put(c.name(), new ArrayList<>()));
            launch(cases.getFirst(), stub, -2); // one untimed launch warms the OS page cache for the JDK itself
            for (int round = 0; round < runs; round++) {
                for (Case c : cases) {
                    results.get(c.name()).add(launch(c, stub, round));
                }
            }
            report(results, runs);
        }
    }

    private static void report(Map<String, List<Run>> results, int runs) {
        double hello = median(results.get("hello"), Run::wallMillis);
        System.out.printf("%nCold start proxy: %d fresh JVMs per case (%s), %s %s%n", runs, String.join(" ", LAMBDA_FLAGS),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.printf("%-20s %10s %8s %8s %9s | %9s %9s %11s %12s %10s%n", "case", "median ms", "min ms", "p90 ms",
                "vs hello", "init ms", "prime ms", "1st inv ms", "2nd inv ms", "priming");
        for (var entry : results.entrySet()) {
            List<Run> r = entry.getValue();
            double wall = median(r, Run::wallMillis);
            double init = median(r, Run::initMillis);
            double first = median(r, Run::firstMillis);
            double second = median(r, Run::secondMillis);
            System.out.printf("%-20s %10.0f %8.0f %8.0f %8.2fx | %9.1f %9.1f %11.1f %12.2f %9.0f%%%n", entry.getKey(),
                    wall, Stats.min(r.stream().map(Run::wallMillis).toList()),
                    Stats.percentile(r.stream().map(Run::wallMillis).toList(), 90), wall / hello, init,
                    median(r, Run::primeMillis), first, second, 100 * (init + first - second) / wall);
        }
        System.out.println("init = handler class load + constructor; prime = the handler's CRaC beforeCheckpoint hooks"
                + " (its SnapStart priming), run through a stand-in for jdk.crac; 1st/2nd inv = in-JVM handler calls;"
                + " priming = share of the cold start that handler init + first-call warm-up make up.");
        for (var entry : results.entrySet()) {
            if (entry.getKey().equals("hello") || entry.getKey().endsWith(PRIMED)) {
                continue;
            }
            double wall = median(entry.getValue(), Run::wallMillis);
            String label = entry.getKey().contains("AppCDS") ? " (AppCDS, local stand-in)" : "";
            new Summary("2 cold start", entry.getKey() + label, Summary.fmt("%.0f ms", wall),
                    Summary.fmt("%.0f ms hello", hello), Summary.fmt("%.2fx", wall / hello), "<= 1.5x",
                    entry.getKey().contains("AppCDS") ? "info" : Summary.atMost(wall / hello, 1.5)).print();
        }
        reportRestoreProxy(results);
    }

    /**
     * What a SnapStart function's first invoke costs after a restore, as far as one JVM can show it: the snapshot
     * holds the constructed handler and whatever its priming warmed, so the first response after a restore is the
     * restore itself (AWS's, not measurable here) plus the first invoke. The hello handler's first invoke is the
     * floor: it would pay the same restore.
     */
    private static void reportRestoreProxy(Map<String, List<Run>> results) {
        double helloFirst = median(results.get("hello"), Run::firstMillis);
        System.out.printf("%nSnapStart proxy: first invoke after the snapshot point (restore time not included)%n");
        System.out.printf("%-12s %18s %18s %16s %10s%n", "function", "without priming ms", "after priming ms",
                "hello 1st inv ms", "vs hello");
        for (var entry : results.entrySet()) {
            if (!entry.getKey().endsWith(PRIMED)) {
                continue;
            }
            String function = entry.getKey().substring(0, entry.getKey().length() - PRIMED.length());
            double unprimed = median(results.get(function), Run::firstMillis);
            double primed = median(entry.getValue(), Run::firstMillis);
            System.out.printf("%-12s %18.1f %18.1f %16.1f %9.2fx%n", function, unprimed, primed, helloFirst,
                    primed / helloFirst);
            new Summary("2 cold start", function + ": 1st invoke after SnapStart priming (restore not incl.)",
                    Summary.fmt("%.1f ms", primed), Summary.fmt("%.1f ms hello 1st invoke", helloFirst),
                    Summary.fmt("%.2fx", primed / helloFirst), "<= 1.5x", Summary.atMost(primed / helloFirst, 1.5))
                    .print();
        }
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        return Stats.median(runs.stream().map(r -> metric.applyAsDouble(r)).toList());
    }

    private static Run launch(Case c, AwsStub stub, int round) throws IOException, InterruptedException {
        stub.reset();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        command.addAll(c.extraFlags());
        command.add("-cp");
        command.add(launcherClasspath(launcherJar));
        command.add(ColdStartLauncher.class.getName());
        command.add(c.jar().toString());
        command.add(c.handler());
        command.add(c.event().toString());
        command.add(c.name());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(workDir.resolve(c.name() + ".stdout.log").toFile());
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.putAll(lambdaEnv(c.name()));
        env.putAll(c.env());
        long start = System.nanoTime();
        Process process = builder.start();
        double wall = -1;
        String timings = null;
        List<String> other = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.equals(ColdStartLauncher.FIRST_RESPONSE)) {
                    wall = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith(ColdStartLauncher.TIMINGS)) {
                    timings = line;
                } else {
                    other.add(line);
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || wall < 0 || timings == null) {
            throw new IllegalStateException("cold-start run of " + c.name() + " failed (exit "
                    + (process.isAlive() ? "timeout" : process.exitValue()) + "):\n" + String.join("\n", other)
                    + "\nits stdout: " + workDir.resolve(c.name() + ".stdout.log"));
        }
        Map<String, Long> t = new HashMap<>();
        for (String part : timings.substring(ColdStartLauncher.TIMINGS.length()).trim().split(" ")) {
            String[] kv = part.split("=");
            t.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Run(wall, t.get("init") / 1e6, t.get("prime") / 1e6, t.get("first") / 1e6, t.get("second") / 1e6);
    }

    /** What the Lambda service sets, plus Powertools' and X-Ray's settings from the template. */
    private static Map<String, String> lambdaEnv(String functionName) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "bench");
        env.put("AWS_SECRET_ACCESS_KEY", "bench");
        env.put("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "OrderPipeline");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }

    private static Map<String, String> redriveEnv(AwsStub stub) {
        Map<String, String> env = new HashMap<>();
        env.put("POWERTOOLS_SERVICE_NAME", "dlq-redrive");
        env.put("ORDERS_TABLE_NAME", "OrdersTable");
        env.put("DLQ_URL", stub.endpoint() + "/000000000000/OrdersDlq");
        env.put("PARKING_QUEUE_URL", stub.endpoint() + "/000000000000/OrdersParkingQueue");
        env.put("REDRIVE_MAX_ATTEMPTS", "5");
        env.put("ORDERS_BUCKET_NAME", "orders-bucket");
        env.put("AWS_ENDPOINT_URL_SQS", stub.endpoint());
        env.put("AWS_ENDPOINT_URL_S3", stub.endpoint());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", stub.endpoint());
        return env;
    }

    private static Map<String, String> reconcilerEnv(AwsStub stub) {
        Map<String, String> env = new HashMap<>();
        env.put("POWERTOOLS_SERVICE_NAME", "reconciler");
        env.put("ORDERS_BUCKET_NAME", RECONCILER_BUCKET);
        env.put("ORDERS_TABLE_NAME", "OrdersTable");
        env.put("DLQ_URL", stub.endpoint() + "/000000000000/OrdersDlq");
        env.put("MAP_RESULTS_PREFIX", "map-results/");
        env.put("CLAIM_CHECK_PREFIX", "dlq-payloads/");
        env.put("MAX_FILE_BYTES", "75000000");
        env.put("AWS_ENDPOINT_URL_SQS", stub.endpoint());
        env.put("AWS_ENDPOINT_URL_S3", stub.endpoint());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", stub.endpoint());
        return env;
    }

    static final String RECONCILER_BUCKET = "orders-bucket";

    /**
     * What the reconciler's RECONCILE reads, served by the stub: a file of 100 orders, a child that stored the first 90
     * and failed for the last 10 (looked up in the table, then parked), the ResultWriter's manifest. Returns the event.
     */
    static String reconcilerFixture(AwsStub stub) {
        var generator = new OrderGenerator(13, 0);
        var validator = new io.orderpipeline.model.rules.OrderValidator();
        String key = "incoming/bench.jsonl";
        StringBuilder file = new StringBuilder();
        var output = Json.mapper().createObjectNode();
        var records = output.putObject("report").putArray("records");
        var writes = output.putArray("writes");
        output.putArray("sends");
        var failedInput = Json.mapper().createObjectNode();
        var failedItems = failedInput.putArray("Items");
        for (int index = 0; index < 100; index++) {
            var order = generator.next();
            file.append(Json.write(order)).append('\n');
            if (index < 90) {
                var valid = (io.orderpipeline.model.ValidationResult.Valid) validator.validate(order,
                        io.orderpipeline.model.RecordFormat.JSONL);
                String hash = io.orderpipeline.model.wire.ContentHash.of(valid.order());
                records.addObject().put("index", index)
                        .put("recordId", io.orderpipeline.model.wire.FileRecords.orderRecordId(key, hash))
                        .put("outcome", "VALID");
                writes.addObject().put("index", index).put("outcome", "STORED").put("orderId", valid.orderId())
                        .put("contentHash", hash);
            } else {
                failedItems.addObject().put("index", index).set("record", order);
            }
        }
        var children = Json.mapper().createArrayNode();
        children.addObject().put("Status", "SUCCEEDED").put("Name", "child-0").put("Output", Json.write(output));
        children.addObject().put("Status", "FAILED").put("Name", "child-1").put("Input", Json.write(failedInput))
                .put("Error", "States.Timeout").put("Cause", "The execution timed out");
        String prefix = "map-results/bench/run/";
        stub.putObject(RECONCILER_BUCKET, key, file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stub.putObject(RECONCILER_BUCKET, prefix + "SUCCEEDED_0.json",
                Json.write(children).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stub.putObject(RECONCILER_BUCKET, prefix + "manifest.json", ("{\"DestinationBucket\":\"" + RECONCILER_BUCKET
                + "\",\"ResultFiles\":{\"FAILED\":[],\"PENDING\":[],\"SUCCEEDED\":[{\"Key\":\"" + prefix
                + "SUCCEEDED_0.json\"}]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var state = Json.mapper().createObjectNode();
        state.put("bucket", RECONCILER_BUCKET).put("key", key)
                .put("executionId", "arn:aws:states:us-east-1:000000000000:execution:order-pipeline:bench");
        state.putObject("inspection").put("format", "JSONL");
        state.putObject("mapRun").putObject("ResultWriterDetails").put("Bucket", RECONCILER_BUCKET)
                .put("Key", prefix + "manifest.json");
        var event = Json.mapper().createObjectNode().put("action", "RECONCILE");
        event.set("state", state);
        return Json.write(event);
    }

    /** A DLQ body the redrive can move to the table: a valid order parked by a processing error. */
    static String sampleDlqBody() {
        var order = new OrderGenerator(11, 0).next();
        return DlqMessages.toJson(new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER,
                DlqMessage.Stage.PROCESSING, order.get("orderId").asText(),
                List.of(new Violation(ReasonCode.PROCESSING_ERROR, "$", "Lambda.ServiceException after retries")),
                order, null, new SourceRef("orders-bucket", "incoming/bench.json", null),
                "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:bench", Instant.now()));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--appcds")) {
                options.put(args[i], "true");
            } else {
                options.put(args[i], args[++i]);
            }
        }
        for (String required : List.of("--hello", "--validator")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        return options;
    }
}
