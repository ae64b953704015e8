package io.orderpipeline.bench.e2e;

import io.orderpipeline.bench.data.OrderFiles;
import io.orderpipeline.bench.report.Summary;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.template.ProjectFiles;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The floor under {@code ./pipeline run}'s time on this machine: the same number of orders written with one conditional
 * {@code PutItem} each (the pipeline's own write, nothing else: no file, no validator, no state machine), through the
 * client the state machine's {@code dynamodb:putItem} tasks use (DynamoDB Local's request handler in this JVM), into a
 * table shaped like the pipeline's (same key, same {@code byCustomer} index), from {@code threads} threads. It grows the
 * table as the pipeline's run does and prints the rate per chunk, so it shows what DynamoDB Local alone takes for a
 * 1,000,000-order file here and how that moves as the table fills.
 * <p>
 * Usage: {@code PutFloorRun [--orders N] [--chunk C] [--threads T]}
 */
public final class PutFloorRun {

    private static final PrintStream OUT = System.out;
    /** docs/performance.md §7: 1,000,000 orders through {@code ./pipeline run} in at most 10 minutes. */
    private static final double PIPELINE_TARGET_SECONDS = 600;
    private static final int TARGET_ORDERS = 1_000_000;

    private PutFloorRun() {
    }

    public static void main(String[] args) throws Exception {
        int orders = 1_000_000;
        int chunk = 100_000;
        int threads = 8;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1]);
                case "--chunk" -> chunk = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (LocalEnvironment environment = LocalEnvironment.startOwn();
             LocalPipeline pipeline = LocalPipeline.create(environment, LocalPipeline.Options.defaults(ProjectFiles.home())
                     .withFunctionLog(new PrintStream(OutputStream.nullOutputStream())))) {
            // tables are created over HTTP (the in-process client carries the state machine's item calls only)
            var tables = new BatchWriteFloor(environment.clients().dynamoDb(), threads);
            tables.createTableLike(pipeline.tableName(), "FloorTable");
            tables.createTableLike(pipeline.tableName(), "WarmTable");
            BatchWriteFloor puts = new BatchWriteFloor(environment.stateMachineDynamoDb(), threads);
            // warm-up (JIT, SQLite) on a table of its own, not measured
            puts.putEach("WarmTable", PipelineBenchmarks.items(OrderFiles.orders("W", Math.min(20_000, orders), 99, 0)));

            OUT.printf("%d conditional puts into FloorTable from %d threads, in chunks of %d%n", orders, threads, chunk);
            OUT.printf("%-12s %12s %12s %14s%n", "TABLE AFTER", "CHUNK", "PUTS/S", "CUMULATIVE");
            double total = 0;
            for (int done = 0, index = 0; done < orders; index++) {
                int size = Math.min(chunk, orders - done);
                // generated and mapped before the clock starts: only the puts are timed
                var items = PipelineBenchmarks.items(OrderFiles.orders("F" + index, size, 1 + index, 0));
                double seconds = puts.putEach("FloorTable", items) / 1e9;
                done += size;
                total += seconds;
                OUT.printf("%,-12d %10.1f s %12.0f %12.1f s%n", done, seconds, size / seconds, total);
            }
            double perPut = total / orders;
            // the target is for a file of 1,000,000 orders; a smaller run states its rate at that size
            double atTargetSize = perPut * TARGET_ORDERS;
            OUT.printf("%,d conditional puts alone: %.1f s, %.3f ms per put (%s); ./pipeline run's target of %.0f s "
                    + "for %,d orders leaves %.1f s for everything else (the file, the validator, the state machine, "
                    + "the reconciler, start-up and summary)%n", orders, total, perPut * 1000,
                    orders == TARGET_ORDERS ? "measured at the target's size"
                            : Summary.fmt("at this rate %,d puts take %.1f s", TARGET_ORDERS, atTargetSize),
                    PIPELINE_TARGET_SECONDS, TARGET_ORDERS, PIPELINE_TARGET_SECONDS - atTargetSize);
            new Summary("6 scale", Summary.fmt("%,d conditional puts alone (DynamoDB Local in this JVM, %d threads)",
                    orders, threads), Summary.fmt("%.1f s", total), "-",
                    Summary.fmt("%.0f%% of the target at 1M", 100 * atTargetSize / PIPELINE_TARGET_SECONDS),
                    Summary.fmt("the floor under 1M in <= %.0f s", PIPELINE_TARGET_SECONDS), "info").print(OUT);
        }
    }
}
