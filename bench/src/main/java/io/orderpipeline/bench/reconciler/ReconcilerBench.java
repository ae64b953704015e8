package io.orderpipeline.bench.reconciler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.bench.data.OrderGenerator;
import io.orderpipeline.bench.report.Summary;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.wire.FileRecords;
import io.orderpipeline.reconciler.aws.ItemReaderRecords;
import io.orderpipeline.reconciler.aws.SqsDeadLetters;
import io.orderpipeline.reconciler.core.DeadLetters;
import io.orderpipeline.reconciler.core.ObjectStore;
import io.orderpipeline.reconciler.core.OrderTable;
import io.orderpipeline.reconciler.core.Reconciler;
import io.orderpipeline.reconciler.core.ReconciliationReport;
import io.orderpipeline.reconciler.core.SourceFile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The reconciler's cost per order (#22 §9), measured on its own code path with files on disk in place of S3: a JSONL
 * file of generated orders and the Map's result files as AWS's ResultWriter writes them (each child's Input with its
 * records, its Output with the validator's report and the puts' outcomes). Two cases per size: every child succeeded
 * (what a healthy run costs), and every child failed having stored nothing (each valid order is looked up in the
 * table, 100 per call, and parked: the most a file can cost). Each case runs twice: once timed (CPU time of the whole
 * process, GC and JIT included), once with a sampler forcing a full collection every second to read the live heap
 * (what the reconciler holds at once). Also counted: bytes read, table lookups and DLQ letters.
 *
 * <p>From these, the largest file the deployed reconciler checks (#22 §9, the template's {@code MaxFileBytes}): per
 * file byte, its time on Lambda (CPU time at Lambda's CPU share, plus the service calls it waits for, plus reading from
 * S3) must fit in {@link #MARGIN} of the 15-minute timeout, and its live heap in {@link #MARGIN} of the heap. The
 * least over the cases run is printed beside the template's default.
 *
 * <p>Usage: {@code ReconcilerBench --orders 100000,1000000 --work DIR [--shape sample|smallest]
 * [--template template.yaml]}
 */
public final class ReconcilerBench {

    static final String BUCKET = "orders-bucket";
    static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:order-pipeline:bench";
    static final int ORDERS_PER_CHILD = 100;
    static final int CHILDREN_PER_RESULT_FILE = 1_000;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    /**
     * Lambda's CPU share at the template's MemorySize: "At 1,769 MB, a function has the equivalent of one vCPU"
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
     */
    static final double LAMBDA_VCPU_AT_1024_MB = 1024.0 / 1769.0;

    /**
     * The reconciler's Timeout, the most Lambda allows: "up to 15 minutes in a single invocation"
     * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). Its timeout is not retried.
     */
    static final double LAMBDA_MAX_SECONDS = 900;

    /**
     * The largest file may use half the timeout and half the heap: room for a slower CPU share than measured here,
     * slower service calls than assumed below, and a garbage collector working in a fuller heap.
     */
    static final double MARGIN = 0.5;

    /**
     * Assumed time of one BatchGetItem (100 keys) or one wave of parallel SendMessageBatch calls. AWS documents no
     * latency for either; in-region calls usually take 5 to 20 ms, so 25 ms errs on the slow side (and {@link #MARGIN}
     * doubles it again).
     */
    static final double CALL_SECONDS = 0.025;

    /** Assumed throughput of one S3 GetObject stream (AWS documents none per connection); the bytes read add to the time. */
    static final double S3_BYTES_PER_SECOND = 50e6;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path work = Files.createDirectories(Path.of(options.getOrDefault("--work", "target/reconciler-bench")));
        String shape = options.getOrDefault("--shape", "sample");
        Path template = Path.of(options.getOrDefault("--template", "template.yaml"));
        Largest largest = null;
        LiveHeap heap = LiveHeap.watch();
        System.out.printf(Locale.ROOT, "Reconciler cost per order (%s orders, files on disk for S3), %s %s, -Xmx %d MB%n",
                shape, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-10s %-16s %10s %12s %12s %11s %14s %14s %12s %10s %10s%n", "orders",
                "case", "wall ms", "cpu ms", "cpu µs/ord", "file B/ord", "read B/ord", "live heap MB", "heap B/ord",
                "lookups", "parked");
        for (String size : options.getOrDefault("--orders", "100000").split(",")) {
            int orders = Integer.parseInt(size.trim());
            Files.createDirectories(work);
            Written written = write(work, orders, shape);
            for (boolean childrenFailed : new boolean[] {false, true}) {
                Run timed = run(work, written, childrenFailed, null);
                Run sampled = run(work, written, childrenFailed, heap);
                long live = Math.max(0, sampled.maxLive() - sampled.baseline());
                long read = written.fileBytes() + (childrenFailed ? written.failedBytes() : written.resultBytes());
                String name = childrenFailed ? "children failed" : "all stored";
                System.out.printf(Locale.ROOT, "%-10d %-16s %10.0f %12.0f %12.2f %11.0f %14.0f %14.1f %12.1f %10d %10d%n",
                        orders, name, timed.wallNanos() / 1e6, timed.cpuNanos() / 1e6,
                        timed.cpuNanos() / 1e3 / orders, (double) written.fileBytes() / orders,
                        (double) read / orders, live / 1048576.0,
                        (double) live / orders, timed.lookups(), timed.parked());
                double lambdaSeconds = timed.cpuNanos() / 1e9 / LAMBDA_VCPU_AT_1024_MB;
                new Summary("6 reconciler", Summary.fmt("%,d %s orders, %s: CPU per order", orders, shape, name),
                        Summary.fmt("%.2f µs (%.3f µs per file byte)", timed.cpuNanos() / 1e3 / orders,
                                timed.cpuNanos() / 1e3 / written.fileBytes()),
                        Summary.fmt("%.0f s CPU at 1,024 MB", lambdaSeconds), "-", "-", "info").print();
                new Summary("6 reconciler", Summary.fmt("%,d %s orders, %s: live heap per order", orders, shape, name),
                        Summary.fmt("%.1f B", (double) live / orders), Summary.fmt("%.0f MB", live / 1048576.0),
                        "-", "-", "info").print();
                Largest here = Largest.of(timed, read, live, written, name);
                System.out.printf(Locale.ROOT, "%-10d %-16s largest file %,d bytes (%,d orders): by time %,d bytes"
                                + " (%.3f µs per byte on Lambda: CPU %.3f, calls %.3f, S3 %.3f), by memory %,d bytes%n",
                        orders, name, here.bytes(), here.orders(), here.byTime(), here.secondsPerByte() * 1e6,
                        here.cpuSecondsPerByte() * 1e6, here.callSecondsPerByte() * 1e6,
                        here.readSecondsPerByte() * 1e6, here.byMemory());
                new Summary("6 reconciler", Summary.fmt("%,d %s orders, %s: largest file", orders, shape, name),
                        Summary.fmt("%,d MB (%,d orders)", here.bytes() / 1_000_000, here.orders()),
                        Summary.fmt("by time %,d MB, by memory %,d MB", here.byTime() / 1_000_000,
                                here.byMemory() / 1_000_000), "-", "-", "info").print();
                largest = largest == null || here.bytes() < largest.bytes() ? here : largest;
            }
            delete(work);
        }
        System.out.println("cpu = the process's CPU time (all threads, GC and JIT included); live heap = the largest heap"
                + " in use after a full collection (one a second) during a second run, less what was in use before it;"
                + " lookups = BatchGetItem calls (100 keys each); on Lambda at 1,024 MB the function has "
                + String.format(Locale.ROOT, "%.2f", LAMBDA_VCPU_AT_1024_MB) + " vCPU. Largest file: its time on Lambda"
                + " (CPU at that share + " + Math.round(CALL_SECONDS * 1000) + " ms per BatchGetItem and per wave of "
                + SqsDeadLetters.PARALLEL_CALLS + " SendMessageBatch calls + bytes read at "
                + Math.round(S3_BYTES_PER_SECOND / 1e6) + " MB/s, assumed) within " + Math.round(MARGIN * 100)
                + "% of " + Math.round(LAMBDA_MAX_SECONDS) + " s, its live heap within " + Math.round(MARGIN * 100)
                + "% of -Xmx.");
        if (largest != null) {
            printLargest(largest, shape, templateDefault(template));
        }
    }

    record Run(long wallNanos, long cpuNanos, long baseline, long maxLive, long lookups, long parked, long sendWaves) {
    }

    /**
     * The largest file one case allows, from its cost per file byte.
     *
     * @param byTime   bytes whose time on Lambda fits in {@link #MARGIN} of 15 minutes
     * @param byMemory bytes whose live heap fits in {@link #MARGIN} of this JVM's heap (-Xmx as at 1,024 MB)
     */
    record Largest(String caseName, long byTime, long byMemory, double bytesPerOrder, double cpuSecondsPerByte,
                   double callSecondsPerByte, double readSecondsPerByte) {

        static Largest of(Run timed, long readBytes, long liveBytes, Written written, String caseName) {
            double fileBytes = written.fileBytes();
            double cpu = timed.cpuNanos() / 1e9 / LAMBDA_VCPU_AT_1024_MB / fileBytes;
            double calls = (timed.lookups() + timed.sendWaves()) * CALL_SECONDS / fileBytes;
            double reads = readBytes / S3_BYTES_PER_SECOND / fileBytes;
            long byTime = (long) (MARGIN * LAMBDA_MAX_SECONDS / (cpu + calls + reads));
            long byMemory = liveBytes <= 0 ? Long.MAX_VALUE
                    : (long) (MARGIN * Runtime.getRuntime().maxMemory() / (liveBytes / fileBytes));
            return new Largest(caseName, byTime, byMemory, fileBytes / written.orders(), cpu, calls, reads);
        }

        long bytes() {
            return Math.min(byTime, byMemory);
        }

        long orders() {
            return (long) (bytes() / bytesPerOrder);
        }

        double secondsPerByte() {
            return cpuSecondsPerByte + callSecondsPerByte + readSecondsPerByte;
        }
    }

    /** The least of the cases: the largest file of these orders the reconciler checks, beside the template's default. */
    static void printLargest(Largest largest, String shape, Long templateDefault) {
        System.out.printf(Locale.ROOT, "largest file of %s orders: %,d bytes, about %,d orders of %.0f bytes (%s, %s"
                        + " bound); the template's MaxFileBytes default: %s%n", shape, largest.bytes(), largest.orders(),
                largest.bytesPerOrder(), largest.caseName(), largest.byTime() <= largest.byMemory() ? "time" : "memory",
                templateDefault == null ? "not found" : Summary.fmt("%,d bytes", templateDefault));
        new Summary("6 reconciler", Summary.fmt("largest file, %s orders (%.0f B each), in half of 15 min and of the heap",
                shape, largest.bytesPerOrder()),
                Summary.fmt("%,d bytes (%,d orders)", largest.bytes(), largest.orders()), "-",
                templateDefault == null ? "-" : Summary.fmt("%.2f", (double) templateDefault / largest.bytes()),
                templateDefault == null ? "-" : Summary.fmt("MaxFileBytes %,d ≤ value", templateDefault),
                templateDefault == null ? "-" : Summary.atMost(templateDefault, largest.bytes())).print();
    }

    /** The {@code Default} of the template's {@code MaxFileBytes} parameter, or null when there is none. */
    static Long templateDefault(Path template) throws IOException {
        if (!Files.isRegularFile(template)) {
            return null;
        }
        boolean inParameter = false;
        for (String line : Files.readAllLines(template)) {
            if (line.equals("  MaxFileBytes:")) {
                inParameter = true;
            } else if (inParameter && line.startsWith("    Default:")) {
                return Long.parseLong(line.substring("    Default:".length()).trim());
            } else if (inParameter && !line.startsWith("    ")) {
                return null;
            }
        }
        return null;
    }

    /** One reconcile of the written file; with {@code heap}, a sampler reads the live heap every second. */
    static Run run(Path work, Written written, boolean childrenFailed, LiveHeap heap) throws Exception {
        var store = new FileStore(work);
        var table = new StoredTable();
        var letters = new CountedLetters();
        var reconciler = new Reconciler(store, new ItemReaderRecords(store), new OrderValidator(CLOCK), letters,
                table, new Reconciler.Settings(BUCKET, "map-results/"), CLOCK);
        var map = new Reconciler.MapOutcome.Succeeded(BUCKET,
                childrenFailed ? written.failedManifestKey() : written.manifestKey());
        System.gc();
        long baseline = heap == null ? 0 : heap.reset();
        Thread sampler = heap == null ? null : Thread.ofPlatform().daemon().start(heap::sample);
        long cpu = processCpuNanos();
        long started = System.nanoTime();
        ReconciliationReport report = reconciler.reconcile(written.file(), EXECUTION, map);
        long wall = System.nanoTime() - started;
        cpu = processCpuNanos() - cpu;
        if (sampler != null) {
            sampler.interrupt();
            sampler.join();
        }
        long orders = written.orders();
        if (report.counts().read() != orders || report.counts().unaccounted() != 0
                || report.counts().parked() != (childrenFailed ? orders : 0)) {
            throw new IllegalStateException("the bench file was not reconciled as expected: " + report.summary());
        }
        return new Run(wall, cpu, baseline, heap == null ? 0 : heap.maxLive(), table.lookups.get(), letters.sent.get(),
                letters.waves.get());
    }

    record Written(SourceFile file, long orders, String manifestKey, String failedManifestKey, long fileBytes,
                   long resultBytes, long failedBytes) {
    }

    /** The orders file (JSONL) and what the children would have written for it, every order stored. */
    static Written write(Path work, int orders, String shape) throws IOException {
        var generator = new OrderGenerator(20261207, 0);
        var validator = new OrderValidator(CLOCK);
        String key = "incoming/bench-" + orders + ".jsonl";
        String prefix = "map-results/bench/run/";
        Path file = work.resolve(BUCKET).resolve(key);
        Files.createDirectories(file.getParent());
        Files.createDirectories(work.resolve(BUCKET).resolve(prefix));
        Files.createDirectories(work.resolve(BUCKET).resolve(FAILED_PREFIX));
        var mapper = Json.mapper();
        List<String> resultKeys = new ArrayList<>();
        List<String> failedKeys = new ArrayList<>();
        long resultBytes = 0;
        long failedBytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            List<JsonNode> child = new ArrayList<>(ORDERS_PER_CHILD);
            JsonGenerator results = null;
            JsonGenerator failed = null;
            Path resultFile = null;
            Path failedFile = null;
            int children = 0;
            for (int index = 0; index < orders; index++) {
                ObjectNode order = shape.equals("smallest") ? smallest(index) : generator.next();
                byte[] line = mapper.writeValueAsBytes(order);
                out.write(line);
                out.write('\n');
                child.add(order);
                if (child.size() == ORDERS_PER_CHILD || index == orders - 1) {
                    if (results == null) {
                        resultFile = work.resolve(BUCKET).resolve(prefix + "SUCCEEDED_" + resultKeys.size() + ".json");
                        resultKeys.add(prefix + "SUCCEEDED_" + resultKeys.size() + ".json");
                        results = mapper.createGenerator(Files.newOutputStream(resultFile));
                        results.writeStartArray();
                        failedFile = work.resolve(BUCKET).resolve(FAILED_PREFIX + "FAILED_" + failedKeys.size() + ".json");
                        failedKeys.add(FAILED_PREFIX + "FAILED_" + failedKeys.size() + ".json");
                        failed = mapper.createGenerator(Files.newOutputStream(failedFile));
                        failed.writeStartArray();
                    }
                    writeChild(results, failed, child, index - child.size() + 1, key, validator, children++);
                    child.clear();
                    if (children % CHILDREN_PER_RESULT_FILE == 0 || index == orders - 1) {
                        results.writeEndArray();
                        results.close();
                        resultBytes += Files.size(resultFile);
                        results = null;
                        failed.writeEndArray();
                        failed.close();
                        failedBytes += Files.size(failedFile);
                        failed = null;
                    }
                }
            }
        }
        writeManifest(work, prefix, List.of(), resultKeys);
        writeManifest(work, FAILED_PREFIX, failedKeys, List.of());
        return new Written(new SourceFile(BUCKET, key, null, null, RecordFormat.JSONL), orders,
                prefix + "manifest.json", FAILED_PREFIX + "manifest.json", Files.size(file), resultBytes, failedBytes);
    }

    static final String FAILED_PREFIX = "map-results/bench/failed-run/";

    private static void writeManifest(Path work, String prefix, List<String> failed, List<String> succeeded)
            throws IOException {
        var mapper = Json.mapper();
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("DestinationBucket", BUCKET);
        manifest.put("MapRunArn", "arn:aws:states:us-east-1:000000000000:mapRun:order-pipeline/ProcessJsonl:run");
        var files = manifest.putObject("ResultFiles");
        var failedFiles = files.putArray("FAILED");
        failed.forEach(k -> failedFiles.addObject().put("Key", k));
        files.putArray("PENDING");
        var succeededFiles = files.putArray("SUCCEEDED");
        succeeded.forEach(k -> succeededFiles.addObject().put("Key", k));
        Files.write(work.resolve(BUCKET).resolve(prefix + "manifest.json"), mapper.writeValueAsBytes(manifest));
    }

    /**
     * One child as the ResultWriter lists it: succeeded, with its input (the batch) and its output (data-contracts.md
     * §2a); and, for the other case, failed, with its input, error and cause.
     */
    private static void writeChild(JsonGenerator results, JsonGenerator failed, List<JsonNode> orders, int firstIndex,
                                   String key, OrderValidator validator, int number) throws IOException {
        var mapper = Json.mapper();
        ObjectNode input = mapper.createObjectNode();
        var items = input.putArray("Items");
        ObjectNode output = mapper.createObjectNode();
        var records = output.putObject("report").putArray("records");
        var writes = output.putArray("writes");
        output.putArray("sends");
        for (int i = 0; i < orders.size(); i++) {
            JsonNode order = orders.get(i);
            int index = firstIndex + i;
            items.addObject().put("index", index).set("record", order);
            var valid = (ValidationResult.Valid) validator.validate(order, RecordFormat.JSONL);
            String hash = ContentHash.of(valid.order());
            records.addObject().put("index", index).put("recordId", FileRecords.orderRecordId(key, hash))
                    .put("outcome", "VALID");
            writes.addObject().put("index", index).put("outcome", "STORED").put("orderId", valid.orderId())
                    .put("contentHash", hash);
        }
        input.putObject("BatchInput").put("bucket", BUCKET).put("key", key).put("format", "JSONL")
                .put("executionId", EXECUTION);
        results.writeStartObject();
        results.writeStringField("ExecutionArn", EXECUTION.replace(":execution:", ":express:") + ":run:child-" + number);
        results.writeStringField("Input", mapper.writeValueAsString(input));
        results.writeObjectFieldStart("InputDetails");
        results.writeBooleanField("Included", true);
        results.writeEndObject();
        results.writeStringField("Name", "child-" + number);
        results.writeStringField("Output", mapper.writeValueAsString(output));
        results.writeObjectFieldStart("OutputDetails");
        results.writeBooleanField("Included", true);
        results.writeEndObject();
        results.writeStringField("Status", "SUCCEEDED");
        results.writeEndObject();
        failed.writeStartObject();
        failed.writeStringField("Error", "States.Timeout");
        failed.writeStringField("Cause", "The execution timed out");
        failed.writeStringField("ExecutionArn", EXECUTION.replace(":execution:", ":express:") + ":run:child-" + number);
        failed.writeStringField("Input", mapper.writeValueAsString(input));
        failed.writeStringField("Name", "child-" + number);
        failed.writeStringField("Status", "FAILED");
        failed.writeEndObject();
    }

    /** The smallest order the rules accept: the most orders per byte, so the most work per byte. */
    static ObjectNode smallest(int index) {
        ObjectNode order = Json.mapper().createObjectNode();
        order.put("orderId", "O" + index).put("customerId", "C").put("orderDate", "2026-11-20").put("currency", "JPY");
        order.putArray("items").addObject().put("sku", "S").put("quantity", 1).put("unitPrice", 1);
        order.put("totalAmount", 1);
        return order;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** S3 as a directory: {@code <work>/<bucket>/<key>}. */
    static final class FileStore implements ObjectStore {
        private final Path root;

        FileStore(Path root) {
            this.root = root;
        }

        @Override
        public InputStream open(String bucket, String key, String versionId) throws IOException {
            return Files.newInputStream(root.resolve(bucket).resolve(key));
        }

        @Override
        public java.util.Optional<ObjectVersion> describe(String bucket, String key, String versionId) {
            Path path = root.resolve(bucket).resolve(key);
            try {
                return java.util.Optional.of(new ObjectVersion(key, versionId, Files.size(path), null));
            } catch (IOException notThere) {
                return java.util.Optional.empty();
            }
        }

        @Override
        public byte[] firstBytes(String bucket, String key, String versionId, int count) throws IOException {
            try (InputStream in = open(bucket, key, versionId)) {
                return in.readNBytes(count);
            }
        }

        @Override
        public List<String> list(String bucket, String prefix) throws IOException {
            Path dir = root.resolve(bucket);
            try (Stream<Path> paths = Files.walk(dir)) {
                return paths.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .filter(k -> k.startsWith(prefix)).sorted().toList();
            }
        }

        @Override
        public void put(String bucket, String key, byte[] content, String contentType) throws IOException {
            Path path = root.resolve(bucket).resolve(key);
            Files.createDirectories(path.getParent());
            Files.write(path, content);
        }
    }

    /** Every order the children stored is in the table with its content hash (what a lookup finds after a failed Map). */
    static final class StoredTable implements OrderTable {
        final AtomicLong lookups = new AtomicLong();

        @Override
        public PutOutcome put(JsonNode item) {
            return PutOutcome.STORED;
        }

        @Override
        public JsonNode get(String orderId) {
            return null;
        }

        @Override
        public Map<String, JsonNode> getAll(Set<String> orderIds) {
            lookups.incrementAndGet();
            // nothing found: every looked-up order is parked, the most the reconciler can have to do
            return Map.of();
        }

        @Override
        public boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) {
            return false;
        }
    }

    /**
     * The DLQ: every letter sent, counted, and the waves of SendMessageBatch calls {@link SqsDeadLetters} would make
     * for them (batches of {@value SqsDeadLetters#BATCH_ENTRIES}, {@value SqsDeadLetters#PARALLEL_CALLS} at a time).
     */
    static final class CountedLetters implements DeadLetters {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong waves = new AtomicLong();

        @Override
        public List<Outcome> send(List<Letter> letters) {
            sent.addAndGet(letters.size());
            long calls = (letters.size() + SqsDeadLetters.BATCH_ENTRIES - 1) / SqsDeadLetters.BATCH_ENTRIES;
            waves.addAndGet((calls + SqsDeadLetters.PARALLEL_CALLS - 1) / SqsDeadLetters.PARALLEL_CALLS);
            return letters.stream().map(l -> new Outcome(l.id(), true, false, null)).toList();
        }
    }

    /** The live set: the heap in use right after a full collection, sampled once a second. */
    static final class LiveHeap {
        private final AtomicLong maxLive = new AtomicLong();

        static LiveHeap watch() {
            return new LiveHeap();
        }

        /** Until interrupted: a full collection a second, the heap in use after it. */
        void sample() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
                maxLive.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            }
        }

        /** Forgets the runs before; returns the heap in use now (after the caller's collection). */
        long reset() {
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            maxLive.set(now);
            return now;
        }

        long maxLive() {
            return maxLive.get();
        }
    }
}
