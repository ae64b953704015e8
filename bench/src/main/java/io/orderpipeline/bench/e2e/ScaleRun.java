package io.orderpipeline.bench.e2e;

import io.orderpipeline.bench.data.OrderGenerator;
import io.orderpipeline.bench.report.Summary;
import io.orderpipeline.model.json.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Item 6: files of N orders through {@code ./pipeline run} exactly as a user runs it (its own JVM flags, its own
 * emulators), one fresh process per file, reporting the whole run's time, the process's peak resident set sampled
 * from outside, and what the run says of its own memory (live heap after full collections, heap limit, DynamoDB
 * Local's SQLite). Peak memory must not grow with the file; DynamoDB Local's tables, in native memory, grow with the
 * items stored, and are reported apart.
 * <p>
 * Usage: {@code ScaleRun --pipeline ./pipeline --work DIR --orders 100000[,300000,1000000] [--limit-seconds 600]}
 */
public final class ScaleRun {

    private static final Pattern TIME = Pattern.compile("^Time\\s+([0-9.]+) s, ([0-9,]+) orders/s");
    private static final Pattern MEMORY = Pattern.compile("^Memory\\s+heap ([0-9,]+) MB (live|after GC) at most "
            + "\\(limit ([0-9,]+) MB\\), RSS peak ([0-9,]+) MB(?:, of which DynamoDB Local's tables \\(SQLite, native\\) "
            + "([0-9,]+) MB)?");
    private static final Pattern READ = Pattern.compile("^Orders read\\s+([0-9,]+)");

    private ScaleRun() {
    }

    /** What one run printed and what was sampled from outside. */
    record Figures(long orders, long fileBytes, double seconds, double ordersPerSecond, long liveHeapMb,
                   boolean afterFullGc, long heapLimitMb, long rssPeakMb, long sqliteMb, long sampledRssMb,
                   boolean conserved, long read, int exit) {
    }

    public static void main(String[] args) throws Exception {
        Path pipeline = Path.of("./pipeline");
        Path work = Path.of("bench/target/scale");
        List<Long> sizes = new ArrayList<>(List.of(100_000L));
        double limitSeconds = 600;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pipeline" -> pipeline = Path.of(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--orders" -> {
                    sizes.clear();
                    for (String n : args[i + 1].split(",")) {
                        sizes.add(Long.parseLong(n.trim().replace("_", "")));
                    }
                }
                case "--limit-seconds" -> limitSeconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(work);
        var results = new ArrayList<Figures>();
        for (long orders : sizes) {
            Path file = work.resolve("orders-" + orders + ".jsonl");
            long bytes = generate(file, orders);
            System.out.printf(Locale.ROOT, "%n== %,d orders (%,d bytes JSONL): ./pipeline run --no-progress %s%n", orders,
                    bytes, file);
            Figures figures = run(pipeline, file, orders, bytes, work.resolve("run-" + orders + ".txt"));
            results.add(figures);
            Files.deleteIfExists(file);
        }

        System.out.printf(Locale.ROOT, "%n%-10s %-9s %-9s %-10s %-16s %-10s %-12s %-14s %s%n", "ORDERS", "TIME", "ORDERS/S",
                "HEAP LIMIT", "LIVE HEAP PEAK", "RSS PEAK", "SQLITE PEAK", "RSS SAMPLED", "CONSERVED");
        for (Figures f : results) {
            System.out.printf(Locale.ROOT, "%-10s %-9s %-9s %-10s %-16s %-10s %-12s %-14s %s%n",
                    String.format(Locale.ROOT, "%,d", f.orders()), String.format(Locale.ROOT, "%.1f s", f.seconds()),
                    String.format(Locale.ROOT, "%,.0f", f.ordersPerSecond()), f.heapLimitMb() + " MB",
                    f.liveHeapMb() + " MB" + (f.afterFullGc() ? "" : " (any GC)"), f.rssPeakMb() + " MB",
                    f.sqliteMb() + " MB", f.sampledRssMb() + " MB", f.conserved() && f.read() == f.orders() ? "yes" : "NO");
        }
        System.out.println("(live heap: the Java heap in use after a full collection, its peak; RSS: the process's resident"
                + " set, heap and native; SQLite: DynamoDB Local's in-memory tables, native, part of the RSS.)");
        for (Figures f : results) {
            new Summary("6 scale", Summary.fmt("%,d orders through ./pipeline run: time (whole run)", f.orders()),
                    Summary.fmt("%.1f s", f.seconds()), Summary.fmt("%,.0f orders/s", f.ordersPerSecond()), "-",
                    Summary.fmt("<= %.0f s", limitSeconds), f.exit() == 0 && f.conserved()
                    ? Summary.atMost(f.seconds(), limitSeconds) : "MISS (exit " + f.exit() + ")").print();
            new Summary("6 scale", Summary.fmt("%,d orders: live heap peak / RSS peak / SQLite", f.orders()),
                    Summary.fmt("%d / %d / %d MB", f.liveHeapMb(), f.rssPeakMb(), f.sqliteMb()),
                    Summary.fmt("heap limit %d MB", f.heapLimitMb()), "-", "bounded", "info").print();
        }
        if (results.size() > 1) {
            Figures small = results.getFirst();
            Figures large = results.getLast();
            double heapGrowth = (double) large.liveHeapMb() / Math.max(1, small.liveHeapMb());
            double nonSqliteRssGrowth = (double) (large.rssPeakMb() - large.sqliteMb())
                    / Math.max(1, small.rssPeakMb() - small.sqliteMb());
            new Summary("6 scale", Summary.fmt("live heap peak, %,d vs %,d orders", large.orders(), small.orders()),
                    Summary.fmt("%d MB vs %d MB", large.liveHeapMb(), small.liveHeapMb()),
                    Summary.fmt("%.0fx the orders", (double) large.orders() / small.orders()),
                    Summary.fmt("%.2fx", heapGrowth), "<= 1.5x", Summary.atMost(heapGrowth, 1.5)).print();
            new Summary("6 scale", Summary.fmt("RSS peak without SQLite, %,d vs %,d orders", large.orders(), small.orders()),
                    Summary.fmt("%d MB vs %d MB", large.rssPeakMb() - large.sqliteMb(), small.rssPeakMb() - small.sqliteMb()),
                    Summary.fmt("%.0fx the orders", (double) large.orders() / small.orders()),
                    Summary.fmt("%.2fx", nonSqliteRssGrowth), "<= 1.5x", Summary.atMost(nonSqliteRssGrowth, 1.5)).print();
        }
    }

    /** A JSONL file of {@code orders} valid orders, written as they are generated (never held whole). */
    static long generate(Path file, long orders) throws IOException {
        var generator = new OrderGenerator(1, 0);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < orders; i++) {
                out.write(Json.write(generator.next()).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return Files.size(file);
    }

    private static Figures run(Path pipeline, Path file, long orders, long bytes, Path output) throws Exception {
        // MaxFileBytes' default (75 MB: what the reconciler checks in half of Lambda's 15 minutes even when every
        // child failed, docs/deploy.md "Limits") refuses the larger files at INSPECT; the local run measures the
        // pipeline itself, so it takes the parameter's maximum, as a user raising the limit would
        var process = new ProcessBuilder(pipeline.toString(), "run", "--no-progress", "-P", "MaxFileBytes=900000000",
                file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long sampledRss = 0;
        long started = System.nanoTime();
        // ./pipeline execs java: the process id is the JVM's once the script has handed over
        Path status = Path.of("/proc/" + process.pid() + "/status");
        while (process.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        sampledRss = Math.max(sampledRss, Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the process is ending
            }
            Thread.sleep(250);
        }
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e9;
        double seconds = wall;
        double perSecond = orders / wall;
        long live = -1;
        boolean full = false;
        long limit = -1;
        long rss = -1;
        long sqlite = -1;
        long read = -1;
        boolean conserved = false;
        for (String line : Files.readAllLines(output)) {
            Matcher m;
            if ((m = TIME.matcher(line)).find()) {
                seconds = Double.parseDouble(m.group(1));
                perSecond = Double.parseDouble(m.group(2).replace(",", ""));
            } else if ((m = MEMORY.matcher(line)).find()) {
                live = number(m.group(1));
                full = m.group(2).equals("live");
                limit = number(m.group(3));
                rss = number(m.group(4));
                sqlite = m.group(5) == null ? -1 : number(m.group(5));
            } else if ((m = READ.matcher(line)).find()) {
                read = number(m.group(1));
            } else if (line.startsWith("Conservation      OK")) {
                conserved = true;
            }
        }
        System.out.printf(Locale.ROOT, "  exit %d, %.1f s wall (the run says %.1f s), output in %s%n", exit, wall, seconds,
                output);
        Files.readAllLines(output).stream().filter(l -> l.startsWith("Time") || l.startsWith("Memory")
                || l.startsWith("Conservation") || l.startsWith("Orders read") || l.startsWith("Valid, in table"))
                .forEach(l -> System.out.println("  | " + l));
        return new Figures(orders, bytes, seconds, perSecond, live, full, limit, rss, sqlite, sampledRss, conserved, read,
                exit);
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
