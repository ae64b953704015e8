package io.orderpipeline.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.aws.SdkAttributeValues;
import io.orderpipeline.local.smoke.DlqScan.Parked;
import io.orderpipeline.local.smoke.ExecutionWatch.Found;
import io.orderpipeline.local.smoke.SmokeFiles.ExpectedOrder;
import io.orderpipeline.local.smoke.SmokeFiles.SmokeFile;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.wire.OrderItemMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code ./pipeline smoke}: checks a deployed stack (or a running {@code serve}) end to end with the SDK only. It
 * uploads {@link SmokeFiles} under a prefix of its own, waits for the executions the upload rule starts
 * ({@link ExecutionWatch}), then checks each file's execution, its reconciliation report, the table items exactly as
 * written and the DLQ messages with their reasons ({@link DlqScan}), and the stack's alarms; it prints PASS, FAIL or
 * SKIP per check, removes everything it created, and {@link Result#passed()} says whether every check passed.
 */
public final class Smoke {
    /**
     * @param timeout      how long to wait for the executions
     * @param alarmWait    how long after the last execution ended the alarms are read: CloudWatch evaluates an alarm of
     *                     a period of a minute or more once a minute
     *                     (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)
     *                     and the reconciler's metrics arrive through its log (EMF)
     * @param beforeChecks sees the run once its executions ended, before anything is checked (tests break things here)
     * @param calls        sees every AWS call the smoke makes, or null
     */
    public record Options(Duration timeout, Duration alarmWait, Consumer<Run> beforeChecks, ExecutionInterceptor calls) {
        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), Duration.ofMinutes(2), run -> { }, null);
        }

        public Options withTimeout(Duration value) {
            return new Options(value, alarmWait, beforeChecks, calls);
        }

        public Options withAlarmWait(Duration value) {
            return new Options(timeout, value, beforeChecks, calls);
        }

        public Options withBeforeChecks(Consumer<Run> value) {
            return new Options(timeout, alarmWait, value, calls);
        }

        /** Every AWS call the smoke makes is shown to {@code value} (tests hold them to the smoke's IAM grants). */
        public Options withCalls(ExecutionInterceptor value) {
            return new Options(timeout, alarmWait, beforeChecks, value);
        }
    }

    /** A run as a test sees it between the executions and the checks. */
    public record Run(String runId, String prefix, Map<String, String> outputs, List<RunFile> files) {
    }

    /** A file of the run: its key and the ids of its valid and invalid orders. */
    public record RunFile(String key, List<String> validOrderIds, List<String> invalidOrderIds) {
    }

    /** What a run found. */
    public record Result(String runId, Checks checks) {
        public boolean passed() {
            return checks.passed();
        }
    }

    private final SmokeTarget target;
    private final Options options;
    private final PrintStream out;
    private final PrintStream progress;
    private final Clock clock = Clock.systemUTC();
    private final Checks checks;
    /** Each uploaded file's S3 version id (null in a bucket without versioning), in upload order. */
    private final Map<SmokeFile, String> versions = new LinkedHashMap<>();

    private Smoke(SmokeTarget target, Options options, PrintStream out, PrintStream progress) {
        this.target = target;
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.checks = new Checks(out);
    }

    /** Smoke-tests the deployed stack {@code stackName} ({@code region} null: the SDK's default region chain). */
    public static Result stack(String stackName, String region, Options options, PrintStream out, PrintStream progress) {
        return run(() -> SmokeTarget.stack(stackName, region, options.calls()), options, out, progress);
    }

    /** Smoke-tests the {@code serve} running with its {@code .local-pipeline/} under {@code workDirectory}. */
    public static Result serve(Path workDirectory, Options options, PrintStream out, PrintStream progress) {
        return run(() -> SmokeTarget.serve(workDirectory, options.calls()), options, out, progress);
    }

    private static Result run(java.util.function.Supplier<SmokeTarget> target, Options options, PrintStream out,
                              PrintStream progress) {
        SmokeTarget resolved;
        try {
            resolved = target.get();
        } catch (SmokeException e) {
            var checks = new Checks(out);
            checks.fail("target", e.getMessage());
            out.println("smoke: not run");
            return new Result(null, checks);
        }
        try (resolved) {
            return new Smoke(resolved, options, out, progress).run();
        }
    }

    private Result run() {
        var started = Instant.now();
        var runId = SmokeFiles.newRunId(clock);
        var prefix = SmokeFiles.prefix(runId);
        var files = SmokeFiles.of(runId, clock);
        out.printf("smoke %s against %s%n", runId, target.description());
        checks.pass("target", String.format("bucket %s, table %s, DLQ %s, executions of %s", target.bucket(),
                target.table(), target.dlqUrl(), target.executionsOf()));
        var alarmBefore = target.alarms() == null ? null : reconciliationAlarm();
        var dlq = new DlqScan(target.sqs(), target.s3(), target.dlqUrl(), target.bucket(), prefix,
                target.local() ? 0 : 1);
        var parked = new ArrayList<Parked>();
        ExecutionWatch watch = null;
        try {
            var since = Instant.now();
            if (upload(prefix, files)) {
                watch = new ExecutionWatch(target.sfn(), target.executionsOf(), target.bucket(), versions, since);
                if (await(watch, files.size())) {
                    options.beforeChecks().accept(view(runId, prefix, files));
                    check(files, watch, dlq, parked);
                }
            }
        } catch (SdkException e) {
            checks.fail("aws", "a call failed: " + e.getMessage());
        } finally {
            cleanUp(prefix, files, watch, dlq, parked);
        }
        if (watch != null) {
            checkAlarms(alarmBefore, watch, started);
        }
        return finish(runId, started);
    }

    private void check(List<SmokeFile> files, ExecutionWatch watch, DlqScan dlq, List<Parked> parked) {
        for (var file : files) {
            checkExecution(file, watch.of(file));
        }
        for (var file : files) {
            checkReport(file, watch.of(file));
        }
        for (var file : files) {
            checkItems(file, watch.of(file));
        }
        parked.addAll(collectParked(files, dlq));
        for (var file : files) {
            checkParked(file, parked);
        }
    }

    private Result finish(String runId, Instant started) {
        out.printf("smoke %s: %d passed, %d failed, %d skipped (%d s)%n", runId, checks.count(Checks.Status.PASS),
                checks.count(Checks.Status.FAIL), checks.count(Checks.Status.SKIP),
                Duration.between(started, Instant.now()).toSeconds());
        return new Result(runId, checks);
    }

    private Run view(String runId, String prefix, List<SmokeFile> files) {
        return new Run(runId, prefix, target.outputs(), files.stream().map(f -> new RunFile(f.key(),
                f.valid().stream().map(ExpectedOrder::orderId).toList(),
                f.invalid().stream().map(ExpectedOrder::orderId).toList())).toList());
    }

    // ------------------------------------------------------------------ upload and wait

    private boolean upload(String prefix, List<SmokeFile> files) {
        var problems = new ArrayList<String>();
        for (var file : files) {
            try {
                var put = target.s3().putObject(b -> b.bucket(target.bucket()).key(file.key()),
                        RequestBody.fromBytes(file.content()));
                versions.put(file, put.versionId());
            } catch (SdkException e) {
                problems.add(file.key() + ": " + e.getMessage());
            }
        }
        progress.printf("uploaded %d files under s3://%s/%s%n", versions.size(), target.bucket(), prefix);
        checks.add("upload", problems, files.size() + " files (" + files.stream().mapToLong(f -> f.content().length).sum()
                / 1024 + " KiB): " + files.stream().map(SmokeFile::name).collect(Collectors.joining(", ")));
        return problems.isEmpty();
    }

    /** Waits for every file's execution to start and end, printing progress; false when the executions cannot be listed. */
    private boolean await(ExecutionWatch watch, int fileCount) {
        var begin = System.nanoTime();
        var deadline = begin + options.timeout().toNanos();
        var lastLine = "";
        var lastPrinted = 0L;
        while (true) {
            try {
                watch.poll();
            } catch (SdkException e) {
                checks.fail("executions", "cannot list or describe the executions of " + target.executionsOf() + ": "
                        + e.getMessage());
                return false;
            }
            var elapsed = (System.nanoTime() - begin) / 1_000_000_000L;
            var line = String.format("executions: %d of %d started, %d ended", watch.started(), fileCount,
                    watch.ended());
            if (!line.equals(lastLine) || elapsed - lastPrinted >= 15) {
                progress.printf("%s (%d s)%n", line, elapsed);
                lastLine = line;
                lastPrinted = elapsed;
            }
            if (watch.done() || System.nanoTime() > deadline) {
                return true;
            }
            sleep(target.pollInterval());
        }
    }

    // ------------------------------------------------------------------ checks

    private void checkExecution(SmokeFile file, List<Found> executions) {
        var name = "execution  " + file.name();
        if (executions.isEmpty()) {
            checks.fail(name, "no execution started for " + file.key() + " within " + options.timeout().toSeconds()
                    + " s (S3 → EventBridge → the upload rule; an event the rule could not deliver is in"
                    + " OrderFileEventsDlq)");
            return;
        }
        var first = executions.getFirst();
        var times = executions.size() > 1 ? "; started " + executions.size() + " times (EventBridge delivered the event"
                + " more than once)" : "";
        var seen = String.format("%s (%s; key in the event %s%s)", first.status(), first.name(), first.keyInEvent(), times);
        if (first.running()) {
            checks.fail(name, "still RUNNING after " + options.timeout().toSeconds() + " s: " + seen);
        } else if (file.unreadable()) {
            var expected = "FAILED".equals(first.status()) && first.error() != null && first.error().startsWith("OrderFile.");
            if (expected) {
                checks.pass(name, seen.replaceFirst("^FAILED", "FAILED with " + first.error() + " as it must"));
            } else {
                checks.fail(name, "expected FAILED with an OrderFile.* error, was " + seen + " " + first.error());
            }
        } else if ("SUCCEEDED".equals(first.status())) {
            var took = first.stopDate() == null ? "" : String.format(" in %.1f s",
                    Duration.between(first.startDate(), first.stopDate()).toMillis() / 1000.0);
            checks.pass(name, seen.replaceFirst("^SUCCEEDED", "SUCCEEDED" + took));
        } else {
            checks.fail(name, seen + ": " + first.error() + ": " + abbreviate(first.cause(), 300));
        }
    }

    /** {@code map-results/<execution name>/reconciliation.json} (data-contracts.md §6) against what the file holds. */
    private void checkReport(SmokeFile file, List<Found> executions) {
        var name = "report     " + file.name();
        if (executions.isEmpty() || executions.getFirst().running()) {
            checks.fail(name, "no ended execution, so no report");
            return;
        }
        var key = "map-results/" + executions.getFirst().name() + "/reconciliation.json";
        var read = Objects3.json(target.s3(), target.bucket(), key);
        if (read instanceof Objects3.Missing missing) {
            checks.fail(name, missing.why());
            return;
        }
        var report = ((Objects3.Found) read).json();
        var counts = report.path("counts");
        var problems = new ArrayList<String>();
        var reportedKey = report.path("source").path("key").asText();
        if (!file.key().equals(reportedKey)) {
            problems.add("source.key is '" + reportedKey + "', not the uploaded key");
        }
        expect(problems, counts, "unaccounted", 0);
        expect(problems, counts, "altered", 0);
        if (file.unreadable()) {
            expect(problems, counts, "stored", 0);
            checks.add(name, problems, String.format("%s: %s (read %d, stored 0, unaccounted 0)",
                    report.path("outcome").asText(), report.path("fileError").path("Error").asText("no file error"),
                    counts.path("read").asInt()));
            return;
        }
        if (!"CONSERVED".equals(report.path("outcome").asText())) {
            problems.add("outcome " + report.path("outcome").asText() + ", not CONSERVED");
        }
        expect(problems, counts, "read", file.orders().size());
        expect(problems, counts, "stored", file.valid().size());
        expect(problems, counts, "parked", file.invalid().size());
        var expectedByReason = new TreeMap<String, Integer>();
        file.invalid().forEach(o -> expectedByReason.merge(o.reasonCodes().getFirst(), 1, Integer::sum));
        var reportedByReason = new TreeMap<String, Integer>();
        report.path("parkedByReason").properties().forEach(e -> reportedByReason.put(e.getKey(), e.getValue().asInt()));
        if (!expectedByReason.equals(reportedByReason)) {
            problems.add("parkedByReason " + reportedByReason + ", expected " + expectedByReason);
        }
        checks.add(name, problems, String.format("CONSERVED: read %d = stored %d + parked %d %s (%s)",
                counts.path("read").asInt(), counts.path("stored").asInt(), counts.path("parked").asInt(),
                reportedByReason, key));
    }

    private static void expect(List<String> problems, JsonNode counts, String field, int expected) {
        if (!counts.has(field) || counts.get(field).asInt() != expected) {
            problems.add("counts." + field + " is " + counts.path(field).asText("absent") + ", expected " + expected);
        }
    }

    /**
     * Each valid order's item is exactly the item order-model builds from the file's record for this upload (every
     * attribute, the content hash among them; {@code ingestedAt} only present), and no invalid order is stored.
     */
    private void checkItems(SmokeFile file, List<Found> executions) {
        var name = "table      " + file.name();
        if (file.orders().isEmpty()) {
            return;
        }
        var executionArns = executions.stream().map(Found::executionArn).toList();
        var problems = new ArrayList<String>();
        String firstHash = null;
        for (var order : file.orders()) {
            var stored = item(order.orderId());
            if (!(order.expected() instanceof ValidationResult.Valid valid)) {
                if (stored != null) {
                    problems.add(order.orderId() + " (" + SmokeFiles.describe(order.expected()) + ") is in the table");
                }
                continue;
            }
            if (stored == null) {
                problems.add(order.orderId() + " is not in the table");
                continue;
            }
            var executionId = stored.path(OrderItemMapper.EXECUTION_ID).path("S").asText();
            var context = new IngestionContext(new SourceRef(target.bucket(), file.key(), versions.get(file)),
                    executionArns.contains(executionId) ? executionId : executionArns.isEmpty() ? "?" : executionArns.getFirst(),
                    Instant.EPOCH);
            var expected = OrderItemMapper.toItem(valid.order(), context);
            var differences = new ArrayList<String>();
            var names = new LinkedHashSet<String>();
            expected.fieldNames().forEachRemaining(names::add);
            stored.fieldNames().forEachRemaining(names::add);
            for (var attribute : names) {
                if (attribute.equals(OrderItemMapper.INGESTED_AT)) {
                    if (!stored.has(attribute)) {
                        differences.add("no " + attribute);
                    }
                } else if (!Objects.equals(expected.get(attribute), stored.get(attribute))) {
                    differences.add(attribute + " is " + abbreviate(String.valueOf(stored.get(attribute)), 120)
                            + ", the file's order has " + abbreviate(String.valueOf(expected.get(attribute)), 120));
                }
            }
            if (!differences.isEmpty()) {
                problems.add(order.orderId() + ": " + String.join(", ", differences));
            }
            if (firstHash == null) {
                firstHash = abbreviate(stored.path(OrderItemMapper.CONTENT_HASH).path("S").asText(), 12);
            }
        }
        checks.add(name, problems, String.format("%d valid stored exactly as written (every attribute; contentHash %s),"
                + " %d invalid not stored", file.valid().size(), firstHash == null ? "-" : firstHash, file.invalid().size()));
    }

    private JsonNode item(String orderId) {
        var response = target.dynamoDb().getItem(b -> b.tableName(target.table()).consistentRead(true)
                .key(Map.of(OrderItemMapper.ORDER_ID, AttributeValue.fromS(orderId))));
        return response.hasItem() && !response.item().isEmpty() ? SdkAttributeValues.toJson(response.item()) : null;
    }

    /** Receives the run's DLQ messages until every expected one is there or the time is up. */
    private List<Parked> collectParked(List<SmokeFile> files, DlqScan dlq) {
        var expected = files.stream().mapToInt(f -> f.unreadable() ? 1 : f.invalid().size()).sum();
        var parked = new ArrayList<Parked>();
        var deadline = System.nanoTime() + (target.local() ? Duration.ofSeconds(10) : Duration.ofMinutes(1)).toNanos();
        do {
            parked.addAll(dlq.pass());
            if (complete(files, parked)) {
                break;
            }
            sleep(target.pollInterval());
        } while (System.nanoTime() < deadline);
        progress.printf("DLQ: %d of the run's messages received and removed (%d expected)%n", parked.size(), expected);
        return parked;
    }

    private static boolean complete(List<SmokeFile> files, List<Parked> parked) {
        for (var file : files) {
            var mine = parked.stream().filter(p -> file.key().equals(keyOf(p, file))).toList();
            if (file.unreadable() ? mine.stream().noneMatch(p -> "FILE".equals(kind(p)))
                    : file.invalid().stream().anyMatch(o -> mine.stream().noneMatch(p -> index(p) == o.index()))) {
                return false;
            }
        }
        return true;
    }

    /** The file's key when the message is from that file (its key as uploaded or encoded), else null. */
    private static String keyOf(Parked parked, SmokeFile file) {
        var sourceKey = parked.sourceKey();
        return sourceKey != null && ObjectKeys.candidates(sourceKey).contains(file.key()) ? file.key() : null;
    }

    private static String kind(Parked parked) {
        return parked.body() == null ? "" : parked.body().path("kind").asText();
    }

    private static int index(Parked parked) {
        return parked.body() == null ? -1 : parked.body().path("recordIndex").asInt(-1);
    }

    /**
     * Each invalid order in the DLQ with its reasons (every violation the rules find, the primary one first, each
     * with its words), its record exactly as the file has it, a claim check when its body is over SQS's limit; the
     * unreadable file as one FILE message; no valid order parked.
     */
    private void checkParked(SmokeFile file, List<Parked> parked) {
        var name = "dlq        " + file.name();
        var mine = parked.stream().filter(p -> keyOf(p, file) != null).toList();
        var problems = new ArrayList<String>();
        var seen = new ArrayList<String>();
        if (file.unreadable()) {
            var fileMessages = mine.stream().filter(p -> "FILE".equals(kind(p))).toList();
            if (fileMessages.isEmpty()) {
                problems.add("no FILE message");
            }
            for (var message : fileMessages) {
                var reason = message.body().path("reasons").path(0);
                if (!"FILE_ERROR".equals(message.reasonCode()) || !"FILE_ERROR".equals(reason.path("code").asText())) {
                    problems.add("FILE message with reason " + message.reasonCode() + ", not FILE_ERROR");
                }
                if (reason.path("message").asText("").isBlank()) {
                    problems.add("FILE message without words");
                } else {
                    seen.add("FILE_ERROR \"" + abbreviate(reason.path("message").asText(), 100) + "\"");
                }
            }
            checks.add(name, problems, String.join(", ", seen.stream().distinct().toList()));
            return;
        }
        for (var order : file.orders()) {
            var messages = mine.stream().filter(p -> index(p) == order.index()).toList();
            if (order.valid()) {
                messages.forEach(m -> problems.add(order.orderId() + " is valid but parked with " + m.reasonCode()));
                continue;
            }
            if (messages.isEmpty()) {
                problems.add(order.orderId() + " (" + SmokeFiles.describe(order.expected()) + ") is not in the DLQ");
                continue;
            }
            var message = messages.getFirst();
            var reasons = message.body() == null ? null : message.body().path("reasons");
            var codes = new ArrayList<String>();
            if (reasons != null) {
                reasons.forEach(r -> codes.add(r.path("code").asText()));
            }
            var expectedCodes = order.reasonCodes();
            if (codes.isEmpty()) {
                problems.add(order.orderId() + ": its message has no reason");
            } else if (!codes.getFirst().equals(expectedCodes.getFirst()) || !codes.containsAll(expectedCodes)) {
                problems.add(order.orderId() + ": reasons " + codes + ", expected " + expectedCodes);
            }
            if (reasons != null) {
                for (var reason : reasons) {
                    if (reason.path("message").asText("").isBlank()) {
                        problems.add(order.orderId() + ": reason " + reason.path("code").asText() + " has no words");
                    }
                }
            }
            if (!codes.isEmpty() && !codes.getFirst().equals(message.reasonCode())) {
                problems.add(order.orderId() + ": attribute reasonCode " + message.reasonCode() + ", first reason "
                        + codes.getFirst());
            }
            if (order.orderId() != null && !order.orderId().equals(message.body().path("orderId").asText(null))) {
                problems.add(order.orderId() + ": its message names order " + message.body().path("orderId"));
            }
            if (!order.record().equals(message.body().path("record"))) {
                problems.add(order.orderId() + ": its message's record differs from the file's");
            }
            if (order.overSqsLimit() && message.claimCheckKey() == null) {
                problems.add(order.orderId() + ": a body over SQS's limit without a claim check");
            }
            seen.add(order.orderId().substring(order.orderId().lastIndexOf('-') + 1) + " " + codes.stream().findFirst()
                    .orElse("?") + (message.claimCheckKey() != null ? " (claim check " + message.claimCheckKey() + ")"
                    : " \"" + abbreviate(reasons == null ? "" : reasons.path(0).path("message").asText(), 90) + "\""));
        }
        var words = file.invalid().isEmpty() ? "no order parked" : String.join(", ", seen);
        checks.add(name, problems, words);
    }

    // ------------------------------------------------------------------ alarms

    /** The reconciliation alarm as it is now, or null when it cannot be read (the check says why later). */
    private AlarmVerdicts.Alarm reconciliationAlarm() {
        var name = target.alarms().byLogicalId().get(AlarmVerdicts.RECONCILIATION);
        try {
            return name == null ? null : describe(List.of(name)).get(name);
        } catch (SdkException e) {
            return null;
        }
    }

    /** The alarms of these names CloudWatch knows, by name. */
    private Map<String, AlarmVerdicts.Alarm> describe(List<String> names) {
        var found = new LinkedHashMap<String, AlarmVerdicts.Alarm>();
        for (int i = 0; i < names.size(); i += 100) {
            var batch = names.subList(i, Math.min(i + 100, names.size()));
            for (var alarm : target.alarms().cloudWatch().describeAlarms(b -> b.alarmNames(batch).maxRecords(100))
                    .metricAlarms()) {
                found.put(alarm.alarmName(), new AlarmVerdicts.Alarm(alarm.alarmName(), alarm.stateValueAsString(),
                        alarm.stateUpdatedTimestamp(), alarm.stateReason()));
            }
        }
        return found;
    }

    /**
     * The stack's alarms exist (those template.yaml declares among them), and the reconciliation alarm is not in
     * ALARM because of the smoke, read once CloudWatch had time to evaluate the run's metrics.
     */
    private void checkAlarms(AlarmVerdicts.Alarm before, ExecutionWatch watch, Instant started) {
        var alarms = target.alarms();
        if (alarms == null) {
            checks.skip("alarms", "serve has no CloudWatch: the alarms exist on a deployed stack only");
            checks.skip("reconciliation alarm", "serve has no CloudWatch (the reports above carry what its metrics count)");
            return;
        }
        var lastStop = watch == null ? null : watch.lastStop();
        if (lastStop != null) {
            var wait = Duration.between(Instant.now(), lastStop.plus(options.alarmWait()));
            if (!wait.isNegative()) {
                progress.printf("waiting %d s for the alarms to evaluate the run's metrics (--alarm-wait)%n", wait.toSeconds());
                sleep(wait);
            }
        }
        Map<String, AlarmVerdicts.Alarm> found;
        try {
            found = describe(AlarmVerdicts.names(alarms.byLogicalId()));
        } catch (SdkException e) {
            checks.fail("alarms", "cannot describe the stack's alarms: " + e.getMessage());
            return;
        }
        var existence = AlarmVerdicts.existence(declaredAlarms(), alarms.byLogicalId(), found);
        verdict("alarms", existence);
        verdict("reconciliation alarm", AlarmVerdicts.reconciliation(before,
                found.get(alarms.byLogicalId().get(AlarmVerdicts.RECONCILIATION)), started, options.alarmWait().toSeconds()));
    }

    private void verdict(String name, AlarmVerdicts.Verdict verdict) {
        if (verdict.passed()) {
            checks.pass(name, verdict.detail());
        } else {
            checks.fail(name, verdict.detail());
        }
    }

    /** The alarms template.yaml declares, when the smoke runs from the project (empty otherwise). */
    private static java.util.Set<String> declaredAlarms() {
        try {
            var template = io.orderpipeline.cfn.Template.load(io.orderpipeline.local.template.ProjectFiles.home()
                    .resolve("template.yaml"));
            return template.resourcesOfType("AWS::CloudWatch::Alarm").keySet();
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Set.of();
        }
    }

    // ------------------------------------------------------------------ clean-up

    /**
     * Removes what the run created: every version of its files, its executions' map results, its orders' items
     * (only those of its own customer), its DLQ messages and their claim-check bodies (most already went while they
     * were checked; one more pass takes any that arrived since).
     */
    private void cleanUp(String prefix, List<SmokeFile> files, ExecutionWatch watch, DlqScan dlq, List<Parked> parked) {
        var problems = new ArrayList<String>();
        var removed = new ArrayList<String>();
        try {
            var late = dlq.pass();
            parked.addAll(late);
            removed.add(parked.size() + " DLQ messages (" + parked.stream().filter(p -> p.claimCheckKey() != null).count()
                    + " with a claim-check body)");
        } catch (SdkException e) {
            problems.add("DLQ: " + e.getMessage());
        }
        problems.addAll(dlq.problems());
        try {
            removed.add(Objects3.deleteEveryVersion(target.s3(), target.bucket(), prefix, false) + " uploaded files");
        } catch (SdkException e) {
            problems.add("s3://" + target.bucket() + "/" + prefix + ": " + e.getMessage());
        }
        if (watch != null) {
            int results = 0;
            for (var execution : watch.all()) {
                try {
                    results += Objects3.deleteEveryVersion(target.s3(), target.bucket(),
                            "map-results/" + execution.name() + "/", false);
                } catch (SdkException e) {
                    problems.add("map results of " + execution.name() + ": " + e.getMessage());
                }
            }
            removed.add(results + " map-result objects of " + watch.all().size() + " executions");
            watch.all().stream().filter(Found::running).forEach(e -> problems.add(e.name() + " (" + e.file().key()
                    + ") is still running: what it writes later stays"));
        }
        int items = 0;
        var customer = files.stream().flatMap(f -> f.orders().stream()).map(o -> o.record().path("customerId").asText())
                .filter(c -> c.startsWith("SMOKE-")).findFirst().orElse(null);
        for (var file : files) {
            for (var order : file.orders()) {
                try {
                    var response = target.dynamoDb().deleteItem(b -> b.tableName(target.table())
                            .key(Map.of(OrderItemMapper.ORDER_ID, AttributeValue.fromS(order.orderId())))
                            .conditionExpression("customerId = :smoke")
                            .expressionAttributeValues(Map.of(":smoke", AttributeValue.fromS(customer)))
                            .returnValues(ReturnValue.ALL_OLD));
                    if (response.hasAttributes() && !response.attributes().isEmpty()) {
                        items++;
                    }
                } catch (ConditionalCheckFailedException notThereOrNotOurs) {
                    // nothing of the run's to remove
                } catch (SdkException e) {
                    problems.add(order.orderId() + ": " + e.getMessage());
                }
            }
        }
        removed.add(items + " items");
        checks.add("cleanup", problems, "removed " + String.join(", ", removed));
    }

    // ------------------------------------------------------------------ helpers

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
