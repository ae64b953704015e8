package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.cli.AslRun;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.emulator.MissingResourceException;
import io.orderpipeline.local.report.UploadOutcome;
import io.orderpipeline.local.emulator.EndpointsFile;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.events.ObjectCreatedEvent;
import io.orderpipeline.local.lambda.InvocationResult;
import io.orderpipeline.local.report.DlqRecord;
import io.orderpipeline.local.report.MemoryUse;
import io.orderpipeline.local.report.PipelineInspector;
import io.orderpipeline.local.report.ProgressBar;
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
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
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
                LocalPipelineCli.Resume.class, LocalPipelineCli.SmokeCommand.class, LocalPipelineCli.AslRunCommand.class,
                GenerateAsl.class})
public final class LocalPipelineCli implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Exit code of an error: the command could not do its job (e.g. some DLQ messages could not be redriven). */
    public static final int ERROR = 1;
    /** Exit code when the conservation check fails: some orders read are neither in the table nor in the DLQ. */
    public static final int NOT_CONSERVED = 3;
    /** Exit code when a table, queue or bucket the command needs does not exist (it was deleted after provisioning). */
    public static final int MISSING_RESOURCE = 4;

    private static PrintStream terminal = System.out;
    private static Path functionLog;
    /** Where {@code .local-pipeline/} is: the current directory, or what a test runs the commands in. */
    private static Path workDirectory;
    /** When the command started ({@link System#nanoTime()}): a run's time and orders/s cover all of it. */
    private static long commandStarted = System.nanoTime();

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
        return execute(args, out, Path.of("").toAbsolutePath());
    }

    /** As {@link #execute(String[], PrintStream)}, with {@code .local-pipeline/} (a serve's endpoints) under {@code work}. */
    static int execute(String[] args, PrintStream out, Path work) {
        commandStarted = System.nanoTime();
        MemoryUse.watch();
        terminal = out;
        workDirectory = work;
        var commandLine = new CommandLine(new LocalPipelineCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
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

    /** Where a command prints its report (System.out carries the function logs into their file). */
    static PrintStream terminal() {
        return terminal;
    }

    static Path workDirectory() {
        return workDirectory != null ? workDirectory : Path.of("").toAbsolutePath();
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
            return options(progress, parameters);
        }

        LocalPipeline.Options options(boolean progress, Map<String, String> overrides) {
            var options = LocalPipeline.Options.defaults(home()).withParameters(overrides).withFunctionLog(System.out);
            return progress ? options.withListener(new ProgressBar(System.err)) : options;
        }
    }

    /** {@code --table-write-capacity N}: the local tables' write capacity (run, serve). */
    static class WriteCapacityOption {
        @Option(names = "--table-write-capacity", paramLabel = "N", description = "Write units per second each table"
                + " (and each of its indexes) takes; beyond it DynamoDB's throttling error (ThrottlingException) is"
                + " answered to every client, as an on-demand table at its maximum answers. Default: unlimited.")
        Double value;

        Double unitsPerSecond() {
            if (value != null && !(value > 0)) {
                throw new CommandLine.ParameterException(new CommandLine(new LocalPipelineCli()),
                        "--table-write-capacity must be a positive number of write units per second, got " + value);
            }
            return value;
        }
    }

    /** How the "Object Created" event of an upload spells its key ({@code run}, {@code upload}). */
    static class EventKeys {
        @Option(names = "--event-key-encoding", paramLabel = "raw|url", defaultValue = "raw",
                description = "How the Object Created event spells the object key: raw (as stored) or url (URL-encoded,"
                        + " as S3 documents for its notifications: a space is '+'); INSPECT resolves either"
                        + " (default: ${DEFAULT-VALUE}).")
        ObjectCreatedEvent.KeyEncoding encoding = ObjectCreatedEvent.KeyEncoding.RAW;
    }

    /** The files of an upload command with their keys ({@code <prefix><file name>}); a missing file is a usage error. */
    static List<UploadJournal.Pending> uploads(List<Path> files, String prefix) {
        var uploads = new ArrayList<UploadJournal.Pending>();
        for (var file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(new CommandLine(new LocalPipelineCli()), "No such file: " + file);
            }
            uploads.add(UploadJournal.pending(file, prefix + file.getFileName()));
        }
        return uploads;
    }

    /**
     * Uploads files and prints the summary, whatever happened inside the runs; shared by {@code run}, {@code upload}
     * and {@code resume}. The exit code says whether every file was fully accounted for: 0 yes, 3 some orders are in
     * neither the table nor the DLQ, 4 a file could not even be stored (its bucket does not exist), 1 another failure
     * to store a file.
     *
     * @param journal null, or where each finished file is checked off (uploads against a running serve)
     */
    static int uploadAndReport(LocalPipeline pipeline, List<UploadJournal.Pending> uploads, UploadJournal journal)
            throws IOException {
        var outcomes = new ArrayList<UploadOutcome>();
        var throttlingBefore = pipeline.throttling();
        for (var upload : uploads) {
            System.err.println("uploading " + upload.file() + " to s3://" + pipeline.bucket() + "/" + upload.key());
            outcomes.add(pipeline.upload(upload.file(), upload.key()));
            if (journal != null) {
                journal.done(upload.key());
            }
        }
        // the time is the whole command's: starting the emulators, the uploads and this summary's own reads
        var summary = pipeline.summary(outcomes, Duration.ZERO);
        summary = summary.withElapsed(Duration.ofNanos(System.nanoTime() - commandStarted));
        summary.print(terminal);
        throttlingBefore.ifPresent(before -> pipeline.throttling()
                .ifPresent(after -> terminal.println(after.since(before).line())));
        terminal.println(MemoryUse.watch().line(pipeline.environment().ownsEmulators()));
        if (functionLog != null) {
            terminal.println();
            terminal.println("Function logs: " + workDirectory().relativize(functionLog));
        }
        if (!summary.conserved()) {
            return NOT_CONSERVED;
        }
        var refused = summary.notUploaded();
        if (refused.isEmpty()) {
            return 0;
        }
        return refused.stream().allMatch(f -> f.outcome().uploadFailure() instanceof MissingResourceException)
                ? MISSING_RESOURCE : ERROR;
    }

    /**
     * {@link #uploadAndReport} under a journal of this process when working against a running serve (a killed command
     * can then be resumed); with emulators of its own, whose results die with the process, without one.
     *
     * @param journaled runs once the journal is written
     */
    static int journaled(LocalEnvironment environment, LocalPipeline local, List<UploadJournal.Pending> uploads,
                         Map<String, String> parameters, Runnable journaled) throws IOException {
        if (environment.ownsEmulators()) {
            journaled.run();
            return uploadAndReport(local, uploads, null);
        }
        var journal = UploadJournal.begin(workDirectory(), parameters, uploads);
        journaled.run();
        try {
            return uploadAndReport(local, uploads, journal);
        } finally {
            journal.delete();
        }
    }

    /** A resource the command needs is gone: say so (stderr) and what to do; the exit code is {@link #MISSING_RESOURCE}. */
    static int missing(MissingResourceException e) {
        System.err.println("error: " + e.getMessage());
        System.err.println("It was deleted after it was provisioned; as on AWS, nothing re-creates it. Create it again (the"
                + " AWS CLI commands are in docs/local-pipeline.md, \"Rehearsing incidents\") or restart serve.");
        return MISSING_RESOURCE;
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

        @CommandLine.Mixin
        WriteCapacityOption capacity = new WriteCapacityOption();

        @CommandLine.Mixin
        EventKeys eventKeys = new EventKeys();

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Order files (.json, .jsonl, .csv).")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            System.err.println("starting DynamoDB Local, ElasticMQ and S3Proxy...");
            var uploads = uploads(files, prefix);
            try (var environment = LocalEnvironment.startOwn(capacity.unitsPerSecond());
                 var local = LocalPipeline.create(environment, pipeline.options(!noProgress)
                         .withEventKeyEncoding(eventKeys.encoding))) {
                return uploadAndReport(local, uploads, null);
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

        @CommandLine.Mixin
        EventKeys eventKeys = new EventKeys();

        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            var uploads = uploads(files, prefix);
            try (var environment = environment();
                 var local = LocalPipeline.create(environment, pipeline.options(true)
                         .withEventKeyEncoding(eventKeys.encoding))) {
                if (!environment.ownsEmulators()) {
                    finishesInterrupted(uploads);
                }
                return journaled(environment, local, uploads, pipeline.parameters, () -> { });
            }
        }

        /** An interrupted upload of the same key is finished by this one: say so, and check it off there. */
        private static void finishesInterrupted(List<UploadJournal.Pending> uploads) {
            for (var interrupted : UploadJournal.interrupted(workDirectory())) {
                for (var pending : interrupted.pendingFiles()) {
                    if (uploads.stream().anyMatch(u -> u.key().equals(pending.key()))) {
                        System.err.printf("note: the upload of %s by process %d was interrupted; this upload processes the"
                                + " whole file again (stored orders are rewritten unchanged)%n", pending.key(), interrupted.pid());
                        interrupted.done(pending.key());
                    }
                }
            }
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Finish the uploads of an 'upload' command that was "
            + "killed (against a running 'serve'): the file it was processing and those it had not started, with its -P overrides.")
    static final class Resume implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Override
        public Integer call() throws Exception {
            var interrupted = UploadJournal.interrupted(workDirectory());
            if (interrupted.isEmpty()) {
                terminal.println("Nothing to resume: no interrupted upload in " + workDirectory().relativize(
                        UploadJournal.directory(workDirectory())));
                return 0;
            }
            int exit = 0;
            for (var journal : interrupted) {
                var uploads = new ArrayList<UploadJournal.Pending>();
                for (var pending : journal.pendingFiles()) {
                    if (!Files.isRegularFile(pending.file()) || !UploadJournal.sha256(pending.file()).equals(pending.sha256())) {
                        System.err.printf("cannot resume %s: %s changed or is gone since process %d started; upload it again%n",
                                pending.key(), pending.file(), journal.pid());
                        exit = ERROR;
                    } else {
                        uploads.add(pending);
                    }
                }
                if (uploads.isEmpty()) {
                    journal.delete();
                    continue;
                }
                System.err.printf("resuming the upload of process %d: %s%n", journal.pid(),
                        uploads.stream().map(UploadJournal.Pending::key).toList());
                try (var environment = environment();
                     var local = LocalPipeline.create(environment, pipeline.options(true, journal.parameters()))) {
                    // the killed command's journal goes once this one holds its files: a killed resume is resumable too
                    exit = Math.max(exit, journaled(environment, local, uploads, journal.parameters(), journal::delete));
                }
            }
            return exit;
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

        @CommandLine.Mixin
        WriteCapacityOption capacity = new WriteCapacityOption();

        /** How the events of objects other clients create spell their keys ({@code upload} has its own). */
        @CommandLine.Mixin
        EventKeys eventKeys = new EventKeys();

        @Override
        public Integer call() throws Exception {
            var session = ServeSession.start(workDirectory(), pipeline.options(false)
                    .withEventKeyEncoding(eventKeys.encoding), terminal, capacity.unitsPerSecond());
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    session.close();
                } catch (RuntimeException ignored) {
                    // best effort: a stale endpoints file is detected by the next command (endpoints do not answer)
                }
                stopped.countDown();
            }));
            session.printBanner(terminal);
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
            } catch (MissingResourceException e) {
                return missing(e);
            }
        }
    }

    @Command(name = "dlq", mixinStandardHelpOptions = true, description = "Show the DLQ's messages (of a running 'serve') without removing them, one line per record (repeats counted).")
    static final class Dlq implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions pipeline = new PipelineOptions();

        @Option(names = "--limit", defaultValue = "20", description = "Records to print (default: ${DEFAULT-VALUE}); repeats of a record are one line.")
        int limit;

        @Override
        public Integer call() throws Exception {
            try (var environment = environment(); var local = LocalPipeline.create(environment, pipeline.options(false))) {
                var inFlight = local.inspector().dlqInFlight();
                var entries = local.inspector().peekDlq();
                var records = DlqRecord.collapse(entries);
                terminal.printf("%,d messages in the DLQ %s%n", entries.size(), PipelineInspector.byReason(entries, e -> true));
                terminal.printf("%,d records (%,d repeated messages of the same recordId collapsed)%n", records.size(),
                        entries.size() - records.size());
                if (inFlight.messages() > 0) {
                    terminal.printf("%,d more in flight (%s), not shown%n", inFlight.messages(), inFlightReturn(inFlight));
                }
                if (!records.isEmpty()) {
                    terminal.printf("%-26s %-6s %-20s %-40s %6s %s%n", "REASON", "KIND", "ORDER", "SOURCE", "COPIES",
                            "FIRST REASON'S MESSAGE");
                }
                records.stream().limit(limit).forEach(r -> {
                    var e = r.first();
                    terminal.printf("%-26s %-6s %-20s %-40s %6d %s%n", r.reasonCodes(),
                            e.kind(), e.body() == null ? "" : e.body().path("orderId").asText(""),
                            e.sourceKey() == null ? "" : e.sourceKey(), r.copies(),
                            e.body() == null ? "" : e.body().path("reasons").path(0).path("message").asText(""));
                });
                if (records.size() > limit) {
                    terminal.printf("... %,d more records (--limit %d)%n", records.size() - limit, limit);
                }
                return 0;
            } catch (MissingResourceException e) {
                return missing(e);
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
                local.inspector().dlqInFlight(); // the DLQ must exist: a redrive of a deleted queue is a missing resource
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
                        yield afterRedrive(local, JSON.readTree(success.payload()));
                    }
                    case InvocationResult.FunctionError error -> {
                        System.err.println("The redrive function failed: " + error.errorPayload());
                        yield ERROR;
                    }
                };
            } catch (MissingResourceException e) {
                return missing(e);
            }
        }

        /**
         * Non-zero (1) when any message could not be handled ({@code errors}: it stays in the DLQ for the next run). The
         * messages another consumer holds in flight (a killed redrive, the AWS CLI) cannot be received: say how many and
         * when they return, rather than letting the run look complete.
         */
        private static int afterRedrive(LocalPipeline local, com.fasterxml.jackson.databind.JsonNode summary) {
            try {
                var inFlight = local.inspector().dlqInFlight();
                if (inFlight.messages() > 0) {
                    System.err.printf("%,d DLQ messages are in flight and were not seen (%s); run the redrive again then%n",
                            inFlight.messages(), inFlightReturn(inFlight));
                }
            } catch (MissingResourceException e) {
                System.err.println("warning: " + e.getMessage());
            }
            var errors = summary.path("errors").asInt();
            if (errors > 0) {
                System.err.printf("%,d message(s) could not be handled and stay in the DLQ (see %s)%n", errors,
                        functionLog == null ? "the function log" : workDirectory().relativize(functionLog));
                return ERROR;
            }
            return 0;
        }
    }

    /**
     * When in-flight DLQ messages come back. SQS does not say per message; what is known: a message received with the
     * queue's default visibility timeout is back at the latest that long after it was received, and one held by a
     * redrive comes back within the redrive's heartbeat window once that redrive is gone
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html).
     */
    static String inFlightReturn(PipelineInspector.InFlight inFlight) {
        var latest = LocalTime.now().plusSeconds(inFlight.visibilitySeconds()).truncatedTo(ChronoUnit.SECONDS);
        return String.format("received by another consumer and not deleted: they return when it deletes or releases them"
                + " or their visibility timeout ends, within %d s of a killed ./pipeline redrive, by %s if received with the"
                + " queue's default timeout (%d s)", io.orderpipeline.redrive.RedriveHandler.VISIBILITY_WINDOW.toSeconds(),
                latest, inFlight.visibilitySeconds());
    }


    @Command(name = "smoke", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Check a deployed stack (or a running 'serve') end to end with the AWS SDK: upload small order"
                    + " files under incoming/smoke-<run id>/, wait for their executions, check each file's report, its"
                    + " table items exactly as written, its DLQ messages and reasons, and the stack's alarms; print PASS,"
                    + " FAIL or SKIP per check, remove what it created. Exit 0 when every check passes, 1 otherwise.")
    static final class SmokeCommand implements Callable<Integer> {
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Where where;

        static final class Where {
            @Option(names = "--stack", paramLabel = "NAME", required = true,
                    description = "The deployed stack (credentials and region from the AWS SDK's default chains).")
            String stack;

            @Option(names = "--serve", required = true,
                    description = "The running './pipeline serve' (its .local-pipeline/endpoints.json).")
            boolean serve;
        }

        @Option(names = "--region", paramLabel = "REGION", description = "The stack's region (default: the SDK's region chain).")
        String region;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long to wait for the executions (default: ${DEFAULT-VALUE}).")
        int timeout;

        @Option(names = "--alarm-wait", paramLabel = "SECONDS", defaultValue = "120",
                description = "A stack's alarms are read this long after the last execution ended, once CloudWatch has"
                        + " evaluated the run's metrics (default: ${DEFAULT-VALUE}).")
        int alarmWait;

        @Override
        public Integer call() {
            var options = io.orderpipeline.local.smoke.Smoke.Options.defaults()
                    .withTimeout(Duration.ofSeconds(timeout)).withAlarmWait(Duration.ofSeconds(alarmWait));
            var result = where.serve
                    ? io.orderpipeline.local.smoke.Smoke.serve(workDirectory(), options, terminal, System.err)
                    : io.orderpipeline.local.smoke.Smoke.stack(where.stack, region, options, terminal, System.err);
            return result.passed() ? 0 : ERROR;
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
