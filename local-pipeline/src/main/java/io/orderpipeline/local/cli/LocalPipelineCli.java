package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.cli.AslRun;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.UploadOutcome;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.emulator.EndpointsFile;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.InvocationResult;
import io.orderpipeline.local.report.PipelineInspector;
import io.orderpipeline.local.report.ProgressBar;
import io.orderpipeline.local.report.RunSummary;
import io.orderpipeline.local.template.ProjectFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./pipeline <command>}: the local pipeline's command line. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false, version = "order-pipeline local 1.0.0-SNAPSHOT",
        description = "Runs order-pipeline locally: the real state machine, handlers and EventBridge rule of template.yaml "
                + "against embedded DynamoDB Local, ElasticMQ and S3Proxy.",
        subcommands = {LocalPipelineCli.Run.class, LocalPipelineCli.Upload.class, LocalPipelineCli.Serve.class,
                LocalPipelineCli.Table.class, LocalPipelineCli.Dlq.class, LocalPipelineCli.Redrive.class,
                LocalPipelineCli.AslRunCommand.class})
public final class LocalPipelineCli implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Exit code when the conservation check fails. */
    public static final int NOT_CONSERVED = 3;

    private static PrintStream terminal = System.out;
    private static Path functionLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        try {
            var logs = FunctionLogs.redirect(workDirectory());
            terminal = logs.terminal();
            functionLog = logs.file();
        } catch (IOException e) {
            System.err.println("Cannot write .local-pipeline/logs/functions.log (" + e.getMessage() + "); function logs stay on stdout");
        }
        System.exit(execute(args, terminal));
    }

    /** Runs one command line, printing the report to {@code out}; returns the exit code. */
    static int execute(String[] args, PrintStream out) {
        terminal = out;
        var commandLine = new CommandLine(new LocalPipelineCli())
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(System.err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    System.err.println("error: " + e.getMessage());
                    return 1;
                });
        int exit = commandLine.execute(args);
        out.flush();
        return exit;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(terminal);
        return 0;
    }

    static Path workDirectory() {
        return Path.of("").toAbsolutePath();
    }

    /** Options every pipeline command shares. */
    static class PipelineOptions {
        @Option(names = {"-P", "--parameter"}, paramLabel = "NAME=VALUE",
                description = "Template parameter override, e.g. -P MaxItemsPerBatch=50 (repeatable).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--home", paramLabel = "DIR",
                description = "Project directory holding template.yaml (default: -Dorderpipeline.home or the current directory).")
        Path home;

        Path home() {
            return home != null ? home.toAbsolutePath() : ProjectFiles.home();
        }

        LocalPipeline.Options options(boolean progress) {
            var options = LocalPipeline.Options.defaults(home()).withParameters(parameters).withFunctionLog(System.out);
            return progress ? options.withListener(new ProgressBar(System.err)) : options;
        }
    }

    /** Uploads files and prints the summary; shared by {@code run} and {@code upload}. */
    static int uploadAndReport(LocalPipeline pipeline, List<Path> files, String prefix) throws IOException {
        var started = System.nanoTime();
        var outcomes = new ArrayList<UploadOutcome>();
        for (var file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(new CommandLine(new LocalPipelineCli()), "No such file: " + file);
            }
            System.err.println("uploading " + file + " to s3://" + pipeline.bucket() + "/" + prefix + file.getFileName());
            outcomes.add(pipeline.upload(Files.readAllBytes(file), prefix + file.getFileName()));
        }
        var reports = pipeline.reports(outcomes);
        var summary = new RunSummary(reports, Duration.ofNanos(System.nanoTime() - started), Prices.US_EAST_1,
                pipeline.inspector().countItems());
        summary.print(terminal);
        if (functionLog != null) {
            terminal.println();
            terminal.println("Function logs: " + workDirectory().relativize(functionLog));
        }
        return summary.conserved() ? 0 : NOT_CONSERVED;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start the emulators, provision the template, upload each FILE under incoming/, "
            + "run the pipeline for it, print what went where, stop.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Option(names = "--prefix", defaultValue = "incoming/", description = "Key prefix of the uploads (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--no-progress", description = "No progress bar on stderr.")
        boolean noProgress;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Order files (.json, .jsonl, .csv).")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            System.err.println("starting DynamoDB Local, ElasticMQ and S3Proxy...");
            try (var environment = LocalEnvironment.startOwn();
                 var local = LocalPipeline.create(environment, pipeline.options(!noProgress))) {
                return uploadAndReport(local, files, prefix);
            }
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, description = "Like run, but against a running 'serve' (its table and DLQ keep the results); "
            + "without one, starts its own emulators for this command only.")
    static final class Upload implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Option(names = "--prefix", defaultValue = "incoming/", description = "Key prefix of the uploads (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            try (var environment = environment();
                 var local = LocalPipeline.create(environment, pipeline.options(true))) {
                return uploadAndReport(local, files, prefix);
            }
        }
    }

    static LocalEnvironment environment() {
        var served = EndpointsFile.readLive(EndpointsFile.path(workDirectory()));
        if (served.isPresent()) {
            System.err.println("using the emulators of the running 'serve' (" + EndpointsFile.path(workDirectory()) + ")");
        } else {
            System.err.println("no running 'serve' found: starting emulators for this command only (they start empty)");
        }
        return LocalEnvironment.connectOrStart(served);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the emulators, provision the template and keep them running until Ctrl-C; "
            + "upload/table/dlq/redrive then work against them.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Override
        public Integer call() throws Exception {
            var endpointsFile = EndpointsFile.path(workDirectory());
            var environment = LocalEnvironment.startOwn();
            var local = LocalPipeline.create(environment, pipeline.options(false));
            EndpointsFile.write(endpointsFile, environment.endpoints());
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.deleteIfExists(endpointsFile);
                } catch (IOException ignored) {
                    // best effort: a stale file is detected by the next command (endpoints do not answer)
                }
                local.close();
                environment.close();
                stopped.countDown();
            }));
            var e = environment.endpoints();
            terminal.printf("Emulators running (Ctrl-C to stop); endpoints in %s%n", workDirectory().relativize(endpointsFile));
            terminal.printf("  DynamoDB  %s   table %s%n", e.dynamodb(), local.tableName());
            terminal.printf("  SQS       %s   DLQ %s%n", e.sqs(), local.dlqUrl());
            terminal.printf("  S3        %s   bucket %s%n", e.s3(), local.bucket());
            terminal.println();
            terminal.println("With the AWS CLI (any credentials, region us-east-1):");
            terminal.printf("  aws --endpoint-url %s dynamodb scan --table-name %s%n", e.dynamodb(), local.tableName());
            terminal.printf("  aws --endpoint-url %s sqs receive-message --queue-url %s --max-number-of-messages 10 --message-attribute-names All%n",
                    e.sqs(), local.dlqUrl());
            terminal.printf("  aws --endpoint-url %s s3 ls s3://%s --recursive%n", e.s3(), local.bucket());
            terminal.println();
            terminal.println("Then, in another terminal:  ./pipeline upload FILE   ./pipeline table   ./pipeline dlq   ./pipeline redrive --dry-run");
            terminal.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "table", mixinStandardHelpOptions = true, description = "Show the orders table (of a running 'serve').")
    static final class Table implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Option(names = "--count", description = "Only count the items.")
        boolean count;

        @Option(names = "--limit", defaultValue = "20", description = "Items to print (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            try (var environment = environment(); var local = LocalPipeline.create(environment, pipeline.options(false))) {
                var inspector = local.inspector();
                terminal.printf("%,d items in %s%n", inspector.countItems(), local.tableName());
                if (!count) {
                    for (var item : inspector.items(limit)) {
                        terminal.println(JSON.writeValueAsString(PlainJson.of(item)));
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "dlq", mixinStandardHelpOptions = true, description = "Show the DLQ's messages (of a running 'serve') without removing them.")
    static final class Dlq implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Option(names = "--limit", defaultValue = "20", description = "Messages to print (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            try (var environment = environment(); var local = LocalPipeline.create(environment, pipeline.options(false))) {
                var entries = local.inspector().peekDlq();
                terminal.printf("%,d messages in the DLQ %s%n", entries.size(), PipelineInspector.byReason(entries, e -> true));
                entries.stream().limit(limit).forEach(e -> terminal.printf("%-26s %-6s %-20s %-40s %s%n", e.reasonCode(),
                        e.kind(), e.body() == null ? "" : e.body().path("orderId").asText(""),
                        e.sourceKey() == null ? "" : e.sourceKey(),
                        e.body() == null ? "" : e.body().path("reasons").path(0).path("message").asText("")));
                return 0;
            }
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true, description = "Invoke the redrive function in-process (against a running 'serve').")
    static final class Redrive implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Option(names = "--dry-run", description = "Re-validate and report, change nothing.")
        boolean dryRun;

        @Option(names = "--max", defaultValue = "100", description = "Messages to read at most (default: ${DEFAULT-VALUE}).")
        int max;

        @Option(names = "--reason", paramLabel = "CODE", description = "Only messages with this reason code.")
        String reason;

        @Option(names = "--source-prefix", paramLabel = "KEY_PREFIX", description = "Only messages from files whose key starts with this.")
        String sourcePrefix;

        @Option(names = "--time-budget", paramLabel = "SECONDS", description = "Stop after this many seconds (default: the function's time).")
        Integer timeBudget;

        @Option(names = "--function", defaultValue = "RedriveFunction", description = "Logical id of the redrive function (default: ${DEFAULT-VALUE}).")
        String function;

        @Override
        public Integer call() throws Exception {
            try (var environment = environment(); var local = LocalPipeline.create(environment, pipeline.options(false))) {
                var request = JSON.createObjectNode().put("maxMessages", max).put("dryRun", dryRun);
                if (reason != null) {
                    request.put("reasonCode", reason);
                }
                if (sourcePrefix != null) {
                    request.put("sourceKeyPrefix", sourcePrefix);
                }
                if (timeBudget != null) {
                    request.put("timeBudgetSeconds", timeBudget);
                }
                var result = local.functions().function(function).invoke(JSON.writeValueAsBytes(request), null);
                return switch (result) {
                    case InvocationResult.Success success -> {
                        terminal.println(new String(success.payload(), StandardCharsets.UTF_8));
                        yield 0;
                    }
                    case InvocationResult.FunctionError error -> {
                        System.err.println("The redrive function failed: " + error.errorPayload());
                        yield 1;
                    }
                };
            }
        }
    }

    @Command(name = "asl-run", mixinStandardHelpOptions = true, description = "Run one ASL definition (JSONPath or JSONata) on "
            + "one input with the local executor (no integrations); prints {\"status\",\"output\"} or {\"status\",\"error\",\"cause\"}. "
            + "Exit code 0 SUCCEEDED, 1 FAILED, 2 unreadable JSON or invalid definition.")
    static final class AslRunCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEFINITION")
        Path definition;

        @Parameters(index = "1", arity = "0..1", paramLabel = "INPUT", description = "Input JSON file, or - for stdin (default {}).")
        String input;

        /** The executor's own command (AslRun) does the work, so both give the same output and the same messages. */
        @Override
        public Integer call() {
            String[] args = input == null ? new String[]{definition.toString()} : new String[]{definition.toString(), input};
            return AslRun.run(args, System.in, terminal, System.err);
        }
    }
}
