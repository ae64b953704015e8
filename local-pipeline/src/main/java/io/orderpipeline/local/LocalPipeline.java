package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.cfn.Template;
import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.emulator.MissingResourceException;
import io.orderpipeline.local.emulator.ProcessDirectory;
import io.orderpipeline.local.events.EventRule;
import io.orderpipeline.local.events.ObjectCreatedEvent;
import io.orderpipeline.local.integration.Integrations;
import io.orderpipeline.local.lambda.FunctionMetrics;
import io.orderpipeline.local.lambda.FunctionRegistry;
import io.orderpipeline.local.metering.BillingMeters;
import io.orderpipeline.local.metering.Observability;
import io.orderpipeline.local.provision.Provisioner;
import io.orderpipeline.local.report.FileReport;
import io.orderpipeline.local.report.PipelineInspector;
import io.orderpipeline.local.report.RunSummary;
import io.orderpipeline.local.report.ThrottleCounts;
import io.orderpipeline.local.report.UploadOutcome;
import io.orderpipeline.local.template.LocalNames;
import io.orderpipeline.local.template.PipelineSpec;
import io.orderpipeline.local.template.TemplateResolver;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The pipeline as the template declares it, running locally: provisions the template's resources in emulators it
 * started itself, then for each uploaded file does what AWS would do — S3 PutObject, the "Object Created" event, the
 * EventBridge rule, a Step Functions execution of the real definition with the real handlers in-process.
 * <p>
 * Provisioning happens once, when the emulators start ({@code run}, {@code serve}, or a command that found no
 * {@code serve}). Against a running {@code serve} nothing is ever created: a table, queue or bucket someone deleted
 * stays deleted, and the integrations fail as the services would (DynamoDB {@code ResourceNotFoundException}, SQS
 * {@code QueueDoesNotExist}, S3 {@code NoSuchBucket}), retried and caught as the state machine says.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * User metadata on the objects {@link #upload} stores: this process runs their execution itself, so a
     * {@code serve} that starts executions for new objects (its {@code BucketWatcher}) leaves them alone.
     */
    public static final String RUNS_ITS_OWN_EXECUTION = "local-pipeline-runs-its-execution";

    private final LocalEnvironment environment;
    private final TemplateResolver resolver;
    private final PipelineSpec spec;
    private final FunctionRegistry functions;
    private final Integrations integrations;
    private final Function<String, TaskIntegration> taskIntegrations;
    private final BillingMeters meters;
    private final EventRule rule;
    private final JsonNode definition;
    private final Options options;
    private final String bucket;
    private final String tableName;
    private final String dlqUrl;
    private final List<String> tableKeyNames;
    private final List<String> provisioned;
    /** Where the reconciler writes its reports (its function's MAP_RESULTS_PREFIX); null without a reconciler. */
    private final String resultsPrefix;
    private final ThrottleCounts throttleCounts = new ThrottleCounts();
    /** A Distributed Map's child inputs and result files while it runs; gone with this pipeline or the process. */
    private final ProcessDirectory spools;

    /**
     * @param parameters        template parameter overrides
     * @param timeScale         Retry and Wait delays are multiplied by it (0 in tests: nothing sleeps)
     * @param functionLog       where handlers' Context logger writes
     * @param functions         function environment and timeout seams
     * @param wrapIntegrations  wraps the task integrations (fault injection in tests; identity otherwise)
     * @param listener          sees every execution (progress bar)
     */
    public record Options(Path home, Map<String, String> parameters, double timeScale, PrintStream functionLog,
                          FunctionRegistry.Options functions,
                          UnaryOperator<Function<String, TaskIntegration>> wrapIntegrations, ExecutionListener listener,
                          ObjectCreatedEvent.KeyEncoding eventKeyEncoding) {

        public static Options defaults(Path home) {
            return new Options(home, Map.of(), 1.0, new PrintStream(OutputStream.nullOutputStream()),
                    FunctionRegistry.Options.AS_DECLARED, UnaryOperator.identity(), ExecutionListener.NONE,
                    ObjectCreatedEvent.KeyEncoding.RAW);
        }

        public Options withParameters(Map<String, String> value) {
            return new Options(home, value, timeScale, functionLog, functions, wrapIntegrations, listener,
                    eventKeyEncoding);
        }

        public Options withTimeScale(double value) {
            return new Options(home, parameters, value, functionLog, functions, wrapIntegrations, listener,
                    eventKeyEncoding);
        }

        public Options withFunctionLog(PrintStream value) {
            return new Options(home, parameters, timeScale, value, functions, wrapIntegrations, listener,
                    eventKeyEncoding);
        }

        public Options withFunctions(FunctionRegistry.Options value) {
            return new Options(home, parameters, timeScale, functionLog, value, wrapIntegrations, listener,
                    eventKeyEncoding);
        }

        public Options withIntegrations(UnaryOperator<Function<String, TaskIntegration>> value) {
            return new Options(home, parameters, timeScale, functionLog, functions, value, listener, eventKeyEncoding);
        }

        public Options withListener(ExecutionListener value) {
            return new Options(home, parameters, timeScale, functionLog, functions, wrapIntegrations, value,
                    eventKeyEncoding);
        }

        /** How the "Object Created" events spell their object keys (raw, or URL-encoded as S3's notifications). */
        public Options withEventKeyEncoding(ObjectCreatedEvent.KeyEncoding value) {
            return new Options(home, parameters, timeScale, functionLog, functions, wrapIntegrations, listener, value);
        }
    }

    private LocalPipeline(LocalEnvironment environment, Options options) throws IOException {
        this.environment = environment;
        this.options = options;
        var template = Template.load(options.home().resolve("template.yaml"));
        this.resolver = new TemplateResolver(template, new LocalNames(environment.endpoints().sqs()), options.parameters());
        this.provisioned = environment.ownsEmulators() ? new Provisioner(environment.clients(), resolver).provision() : List.of();
        this.spec = PipelineSpec.from(resolver);
        this.functions = new FunctionRegistry(spec, environment.endpoints(), options.functionLog(), options.functions());
        this.integrations = new Integrations(environment, functions);
        this.rule = new EventRule(spec.stateMachine().eventPattern());
        this.definition = JSON.readTree(spec.stateMachine().definition());
        this.meters = new BillingMeters(definition, Observability.from(resolver, spec.stateMachine().logicalId()));
        this.taskIntegrations = meters.wrap(options.wrapIntegrations().apply(integrations));
        this.bucket = bucketName(template);
        var table = single(template, "AWS::DynamoDB::Table");
        this.tableName = resolver.names().tableName(table);
        this.tableKeyNames = keyNames(resolver.resolveMap(template.resource(table).properties()).get("KeySchema"));
        this.dlqUrl = spec.stateMachine().substitutions().getOrDefault("DlqUrl", resolver.names().queueUrl("OrdersDlq"));
        this.resultsPrefix = spec.functions().values().stream().map(f -> f.environment().get("MAP_RESULTS_PREFIX"))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        this.spools = ProcessDirectory.create("order-pipeline-spool-");
        try {
            // Fail now, not at the first upload, if the definition uses something the executor or integrations lack.
            executor(ExecutionListener.NONE).validate(definition);
        } catch (RuntimeException e) {
            spools.close();
            throw e;
        }
    }

    /**
     * Reads the template under {@code options.home()}; provisions it when the environment started its own emulators
     * (never in a running {@code serve}'s: that was provisioned once, when it started).
     */
    public static LocalPipeline create(LocalEnvironment environment, Options options) throws IOException {
        return new LocalPipeline(environment, options);
    }

    public LocalEnvironment environment() {
        return environment;
    }

    public TemplateResolver resolver() {
        return resolver;
    }

    public PipelineSpec spec() {
        return spec;
    }

    public FunctionRegistry functions() {
        return functions;
    }

    public String bucket() {
        return bucket;
    }

    public String tableName() {
        return tableName;
    }

    public String dlqUrl() {
        return dlqUrl;
    }

    /** What this pipeline created when it started (one line per resource); empty against a running {@code serve}. */
    public List<String> provisioned() {
        return provisioned;
    }

    /** The report for these uploads: each execution's reconciliation report. */
    public List<FileReport> reports(List<UploadOutcome> outcomes) {
        return summary(outcomes, Duration.ZERO).files();
    }

    /**
     * The end-of-run summary of these uploads. Each file's accounting is its execution's reconciliation report
     * (docs/data-contracts.md §6), read from {@code <MAP_RESULTS_PREFIX><execution name>/reconciliation.json} in the
     * orders bucket — the pipeline's own account, never a count of what is visible in the DLQ. A table or bucket that
     * does not exist is reported as missing, never created.
     */
    public RunSummary summary(List<UploadOutcome> outcomes, Duration elapsed) {
        return RunSummary.inspect(outcomes, inspector(), bucket, resultsPrefix, elapsed, Prices.US_EAST_1, tableIndexes());
    }

    public FileReport report(UploadOutcome outcome) {
        return reports(List.of(outcome)).getFirst();
    }

    /**
     * What the runs so far met of the tables' write capacity, when they have one ({@code --table-write-capacity}):
     * the DynamoDB endpoint's counters, the state machine's throttled calls and its retries after them.
     */
    public java.util.Optional<ThrottleCounts.Run> throttling() {
        return environment.writeCapacity().map(c -> new ThrottleCounts.Run(c.unitsPerSecond(), c.peakDemandPerSecond(),
                c.writeRequests(), c.throttledRequests(), integrations.dynamoDb().throttledCalls(),
                throttleCounts.retries()));
    }

    /** The orders table's global secondary indexes; 0 when the table cannot be described (e.g. deleted). */
    public int tableIndexes() {
        try {
            return integrations.dynamoDb().indexes(tableName).indexes().size();
        } catch (SdkException e) {
            return 0;
        }
    }

    /** What the run meters beyond requests: the state machine's logs, X-Ray traces. */
    public BillingMeters meters() {
        return meters;
    }

    public PipelineInspector inspector() {
        return new PipelineInspector(environment.clients(), tableName, dlqUrl);
    }

    /** The key a local file is uploaded under: {@code incoming/<file name>}. */
    public static String defaultKey(Path file) {
        return "incoming/" + file.getFileName();
    }

    public UploadOutcome upload(Path file) throws IOException {
        return upload(file, defaultKey(file));
    }

    /** Uploads a local file under {@code key}, streamed from disk (a file of any size is never held in memory). */
    public UploadOutcome upload(Path file, String key) throws IOException {
        return upload(RequestBody.fromFile(file), Files.size(file), key);
    }

    /** PutObject, then what EventBridge and Step Functions would do with the "Object Created" event. */
    public UploadOutcome upload(byte[] content, String key) {
        return upload(RequestBody.fromBytes(content), content.length, key);
    }

    private UploadOutcome upload(RequestBody content, long length, String key) {
        var started = System.nanoTime();
        var before = snapshot();
        software.amazon.awssdk.services.s3.model.PutObjectResponse put;
        try {
            put = environment.clients().s3().putObject(b -> b.bucket(bucket).key(key)
                    .metadata(Map.of(RUNS_ITS_OWN_EXECUTION, "true")), content);
        } catch (SdkException e) {
            RuntimeException failure = MissingResourceException.of("bucket", bucket, e).orElse(null);
            return UploadOutcome.notUploaded(bucket, key, length, Duration.ofNanos(System.nanoTime() - started),
                    failure != null ? failure : e);
        }
        var event = ObjectCreatedEvent.of(bucket, key, options.eventKeyEncoding(), length, put.eTag(),
                put.versionId(), Instant.now());
        if (!rule.matches(event)) {
            return new UploadOutcome(bucket, key, put.versionId(), length, false, null, null, 0, 0, 0,
                    Duration.ofNanos(System.nanoTime() - started), usage(before, snapshot(), null, null));
        }
        var machine = spec.stateMachine();
        var executionName = UUID.randomUUID().toString();
        var executionArn = executionArn(executionName);
        var observer = new RunObserver(BillingMeters.both(meters, options.listener()));
        var result = executor(throttleCounts.around(observer)).execute(definition, event,
                new ExecutionRequest(machine.arn(), executionName, ExecutionType.valueOf(machine.type())));
        var usage = usage(before, snapshot(), result.stats(), observer);
        return new UploadOutcome(bucket, key, put.versionId(), length, true, executionArn, result,
                observer.itemsRead(), observer.childrenSucceeded(), observer.childrenFailed(),
                Duration.ofNanos(System.nanoTime() - started), usage);
    }

    /** Whether the template's EventBridge rule forwards this event to the state machine. */
    public boolean matches(JsonNode event) {
        return rule.matches(event);
    }

    /** The ARN of this state machine's execution of that name (as Step Functions names executions). */
    public String executionArn(String executionName) {
        return "arn:aws:states:" + LocalNames.REGION + ":" + LocalNames.ACCOUNT_ID + ":execution:"
                + spec.stateMachine().name() + ":" + executionName;
    }

    /**
     * What the rule's target does with an event it matched: one execution of the state machine, named
     * {@code executionName}, with the event as its input (a {@code serve} runs one for an object any client created).
     */
    public io.orderpipeline.asl.api.ExecutionResult execute(JsonNode event, String executionName) {
        var machine = spec.stateMachine();
        return executor(new RunObserver(options.listener())).execute(definition, event,
                new ExecutionRequest(machine.arn(), executionName, ExecutionType.valueOf(machine.type())));
    }

    private AslExecutor executor(ExecutionListener listener) {
        return AslExecutor.builder()
                .integrations(taskIntegrations)
                .objectStore(integrations.s3())
                .timeScale(options.timeScale())
                .listener(listener)
                .spoolDirectory(spools.path())
                .build();
    }

    private record Snapshot(List<FunctionMetrics> functions, long writeUnits, long indexWriteUnits, double readUnits,
                            long sqsRequests, long s3Puts, long s3Gets, long historyEvents, long historyEventsLogged,
                            long historyLogBytes, double traces) {
    }

    private Snapshot snapshot() {
        var dynamoDb = integrations.dynamoDb();
        var logs = meters.logs();
        return new Snapshot(functions.metrics(), dynamoDb.writeUnits(), dynamoDb.indexWriteUnits(), dynamoDb.readUnits(),
                integrations.sqs().billedRequests(), integrations.s3().putRequests(), integrations.s3().getRequests(),
                logs.events(), logs.loggedEvents(), logs.loggedBytes(), meters.traces().traces());
    }

    /**
     * What one upload consumed, from the counters' difference: the file's PUT, and for an execution its transitions
     * (one per state entered and retry, plus one per Distributed Map child:
     * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-transitions.html), its EXPRESS children's requests
     * and duration (at the 64 MB minimum: the definition and the payloads are small), and everything it made the
     * services and the functions do.
     *
     * @param stats    null when the rule did not match (no execution)
     * @param observer null when the rule did not match
     */
    private static Usage usage(Snapshot before, Snapshot after, io.orderpipeline.asl.api.ExecutionStats stats,
                               RunObserver observer) {
        var functionUsage = new ArrayList<Usage.FunctionUsage>();
        var metrics = new java.util.LinkedHashSet<String>();
        for (int i = 0; i < after.functions().size(); i++) {
            var a = after.functions().get(i);
            var b = before.functions().get(i);
            functionUsage.add(new Usage.FunctionUsage(a.functionName(), a.architecture(), a.invocations() - b.invocations(),
                    a.gbSeconds() - b.gbSeconds(), a.logEvents() - b.logEvents(), a.logBytes() - b.logBytes()));
            // metrics first seen now: their union over uploads is every metric the run published
            a.customMetrics().stream().filter(m -> !b.customMetrics().contains(m)).forEach(metrics::add);
        }
        var counted = new java.util.EnumMap<Line, Double>(Line.class);
        if (stats != null) {
            // a STANDARD child's states are transitions too; an EXPRESS child is billed by request and duration instead
            long childTransitions = observer.expressChildren() == 0 ? stats.childStateTransitions() : 0;
            counted.put(Line.STANDARD_TRANSITIONS, (double) stats.stateTransitions() + observer.expressChildren()
                    + observer.standardChildren() + childTransitions);
            counted.put(Line.EXPRESS_REQUESTS, (double) observer.expressChildren());
            counted.put(Line.EXPRESS_DURATION, observer.billedChildMillis() / 1000.0 * 64 / 1024.0);
        }
        counted.put(Line.DYNAMODB_TABLE_WRITES, (double) (after.writeUnits() - before.writeUnits()));
        counted.put(Line.DYNAMODB_INDEX_WRITES, (double) (after.indexWriteUnits() - before.indexWriteUnits()));
        counted.put(Line.DYNAMODB_READS, after.readUnits() - before.readUnits());
        counted.put(Line.SQS_REQUESTS, (double) (after.sqsRequests() - before.sqsRequests()));
        counted.put(Line.S3_PUT_REQUESTS, (double) (after.s3Puts() - before.s3Puts() + 1)); // + the file's own PUT
        counted.put(Line.S3_GET_REQUESTS, (double) (after.s3Gets() - before.s3Gets()));
        counted.put(Line.STATE_MACHINE_LOGS, io.orderpipeline.local.cost.Prices.gigabytes(
                after.historyLogBytes() - before.historyLogBytes()));
        counted.put(Line.XRAY_TRACES, after.traces() - before.traces());
        return new Usage(counted, functionUsage, metrics, after.historyEvents() - before.historyEvents(),
                after.historyEventsLogged() - before.historyEventsLogged());
    }

    /** Where files are uploaded: the definition's {@code OrdersBucketName}, else the template's only bucket. */
    private String bucketName(Template template) {
        var substituted = spec.stateMachine().substitutions().get("OrdersBucketName");
        return substituted != null ? substituted : resolver.names().bucketName(single(template, "AWS::S3::Bucket"));
    }

    /** The table's key attribute names as the template declares them, HASH first. */
    private static List<String> keyNames(Object keySchema) {
        if (!(keySchema instanceof List<?> elements)) {
            throw new IllegalArgumentException("The table in the template has no KeySchema");
        }
        return elements.stream().map(e -> (Map<?, ?>) e)
                .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.get("KeyType"))))
                .map(e -> String.valueOf(e.get("AttributeName"))).toList();
    }

    private static String single(Template template, String type) {
        var resources = template.resourcesOfType(type);
        if (resources.size() != 1) {
            throw new IllegalArgumentException("Expected one " + type + " in the template, found " + resources.keySet());
        }
        return resources.keySet().iterator().next();
    }

    @Override
    public void close() {
        try {
            functions.close();
        } finally {
            spools.close();
        }
    }
}
