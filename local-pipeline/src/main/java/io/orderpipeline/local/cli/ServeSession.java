package io.orderpipeline.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.local.emulator.EmulatorClients;
import io.orderpipeline.local.emulator.EndpointsFile;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.events.BucketWatcher;
import io.orderpipeline.local.stepfunctions.Executions;
import io.orderpipeline.local.stepfunctions.StepFunctionsApi;
import io.orderpipeline.local.template.LocalNames;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code ./pipeline serve} keeps running: its own emulators, provisioned once from the template when it starts,
 * and {@code .local-pipeline/endpoints.json} under its working directory, through which {@code upload}, {@code table},
 * {@code dlq}, {@code redrive}, {@code resume} and {@code smoke} find them. Closing stops the emulators and removes the
 * file.
 * <p>
 * It also does what S3, EventBridge and Step Functions do for objects any client creates: a {@link BucketWatcher}
 * turns each new object version of the orders bucket into its "Object Created" event, the template's rule (Event
 * Ruler) decides, and a matched event starts one execution (one at a time, in the order the objects were created),
 * which serve's {@link StepFunctionsApi} lists and describes. Objects {@code ./pipeline upload} stores are left to
 * it: that command runs their execution itself ({@link LocalPipeline#RUNS_ITS_OWN_EXECUTION}).
 */
public final class ServeSession implements AutoCloseable {
    /** How often the bucket is listed for new objects. */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

    private final Path workDirectory;
    private final LocalEnvironment environment;
    private final LocalPipeline pipeline;
    private final Executions executions = new Executions();
    private final PrintStream log;
    private StepFunctionsApi stepFunctions;
    private BucketWatcher watcher;

    private ServeSession(Path workDirectory, LocalEnvironment environment, LocalPipeline pipeline, PrintStream log) {
        this.workDirectory = workDirectory;
        this.environment = environment;
        this.pipeline = pipeline;
        this.log = log;
    }

    /** A session that reports the executions it starts nowhere. */
    public static ServeSession start(Path workDirectory, LocalPipeline.Options options) throws IOException {
        return start(workDirectory, options, new PrintStream(OutputStream.nullOutputStream()), null);
    }

    /**
     * @param log                where each execution serve starts is reported (one line when it ends)
     * @param tableWriteCapacity write units per second of each table and index; null: unlimited
     */
    public static ServeSession start(Path workDirectory, LocalPipeline.Options options, PrintStream log,
                                     Double tableWriteCapacity) throws IOException {
        var environment = LocalEnvironment.startOwn(tableWriteCapacity);
        ServeSession session = null;
        try {
            var pipeline = LocalPipeline.create(environment, options);
            session = new ServeSession(workDirectory, environment, pipeline, log);
            var machine = pipeline.spec().stateMachine();
            session.stepFunctions = StepFunctionsApi.start(session.executions, machine.arn(), aliasArn(machine.arn()));
            EndpointsFile.write(EndpointsFile.path(workDirectory), environment.endpoints(), session.stepFunctions.endpoint(),
                    outputs(pipeline));
            session.watcher = BucketWatcher.start(environment.clients().s3(), pipeline.bucket(),
                    options.eventKeyEncoding(), WATCH_INTERVAL,
                    session::objectCreated, session::note);
            return session;
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close();
            } else {
                environment.close();
            }
            throw e;
        }
    }

    /** The upload rule starts the state machine's {@code live} alias (template: AutoPublishAlias, UseAliasAsEventTarget). */
    private static String aliasArn(String stateMachineArn) {
        return stateMachineArn + ":" + LocalNames.ALIAS;
    }

    /**
     * The template's Outputs with the local names, as {@code DescribeStacks} gives a deployed stack's; an output that
     * names what the local pipeline does not create (SAM's generated alias) is left out, except the state machine's
     * alias, which serve's Step Functions API knows.
     */
    static Map<String, String> outputs(LocalPipeline pipeline) {
        var outputs = new LinkedHashMap<String, String>();
        var declared = pipeline.resolver().template().root().get("Outputs");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((name, output) -> {
                try {
                    var value = pipeline.resolver().resolveString(((Map<?, ?>) output).get("Value"));
                    if (value != null) {
                        outputs.put(String.valueOf(name), value);
                    }
                } catch (RuntimeException unresolvable) {
                    // not created locally: left out, as a reader of a stack without that output would find it
                }
            });
        }
        outputs.put("StateMachineAliasArn", aliasArn(pipeline.spec().stateMachine().arn()));
        return outputs;
    }

    /** An object was created: what the rule and its target would do with its event. */
    private void objectCreated(ObjectNode event) {
        if (!pipeline.matches(event)) {
            return;
        }
        var object = event.path("detail").path("object");
        var key = object.path("key").asText();
        if (runByItsUploader(key, object.path("version-id").asText(null))) {
            return;
        }
        var name = UUID.randomUUID().toString();
        var arn = pipeline.executionArn(name);
        var machine = pipeline.spec().stateMachine().arn();
        executions.started(arn, machine, aliasArn(machine), name, event);
        var started = System.nanoTime();
        try {
            var result = pipeline.execute(event, name);
            executions.ended(arn, result);
            note(String.format("%s: execution %s %s in %.1f s%s", key, name, result.status(),
                    (System.nanoTime() - started) / 1e9, result.succeeded() ? "" : " (" + result.error() + ")"));
        } catch (RuntimeException e) {
            executions.crashed(arn, e);
            note(key + ": execution " + name + " could not run: " + e);
        }
    }

    /** Whether {@code ./pipeline upload} stored this version and runs its execution itself. */
    private boolean runByItsUploader(String key, String versionId) {
        try {
            var head = environment.clients().s3().headObject(b -> b.bucket(pipeline.bucket()).key(key).versionId(versionId));
            return head.metadata().containsKey(LocalPipeline.RUNS_ITS_OWN_EXECUTION);
        } catch (SdkException e) {
            return true; // gone already (deleted meanwhile): S3 would have sent the event, but there is nothing to read
        }
    }

    private void note(String line) {
        log.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        log.flush();
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    /** The executions serve started for objects created by other clients than {@code ./pipeline upload}. */
    public Executions executions() {
        return executions;
    }

    public Path endpointsFile() {
        return EndpointsFile.path(workDirectory);
    }

    /** The endpoints, what was provisioned, and a copy-paste environment for the AWS CLI and the SDKs. */
    public void printBanner(PrintStream out) {
        var e = environment.endpoints();
        out.printf("Emulators running (Ctrl-C to stop); endpoints in %s%n", workDirectory.relativize(endpointsFile()));
        out.printf("  DynamoDB  %s   table %s%n", e.dynamodb(), pipeline.tableName());
        environment.writeCapacity().ifPresent(c -> out.printf("            write capacity %,.0f units/s per table and index:"
                + " beyond it every client gets DynamoDB's ThrottlingException%n", c.unitsPerSecond()));
        out.printf("  SQS       %s   DLQ %s%n", e.sqs(), pipeline.dlqUrl());
        out.printf("  S3        %s   bucket %s%n", e.s3(), pipeline.bucket());
        out.println();
        out.println("Provisioned from template.yaml, once: from now on nothing re-creates a table, queue or bucket you delete.");
        pipeline.provisioned().forEach(line -> out.println("  " + line));
        out.println();
        out.println("For the AWS CLI and the AWS SDKs, paste this into another terminal (any credentials and any region see");
        out.println("the same data; these are dummies):");
        out.println();
        out.printf("  export AWS_ENDPOINT_URL_DYNAMODB=%s%n", e.dynamodb());
        out.printf("  export AWS_ENDPOINT_URL_SQS=%s%n", e.sqs());
        out.printf("  export AWS_ENDPOINT_URL_S3=%s%n", e.s3());
        out.printf("  export AWS_ENDPOINT_URL_SFN=%s%n", stepFunctions.endpoint());
        out.printf("  export AWS_REGION=%s AWS_DEFAULT_REGION=%s%n", LocalNames.REGION, LocalNames.REGION);
        out.printf("  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s%n", EmulatorClients.ACCESS_KEY, EmulatorClients.SECRET_KEY);
        out.println();
        out.println("then, for example:");
        out.printf("  aws dynamodb scan --table-name %s --select COUNT%n", pipeline.tableName());
        // the AWS CLI v1 ignores AWS_ENDPOINT_URL_SQS (it sets sqs' endpoint itself unless --endpoint-url is given)
        out.printf("  aws sqs receive-message --endpoint-url $AWS_ENDPOINT_URL_SQS --queue-url %s --max-number-of-messages 10"
                + " --message-attribute-names All%n", pipeline.dlqUrl());
        out.printf("  aws s3 ls s3://%s --recursive%n", pipeline.bucket());
        out.printf("  aws stepfunctions list-executions --endpoint-url $AWS_ENDPOINT_URL_SFN --state-machine-arn %s%n",
                pipeline.spec().stateMachine().arn());
        out.printf("(or give each command its endpoint: aws --endpoint-url %s dynamodb list-tables)%n", e.dynamodb());
        out.println();
        out.println("Then, in another terminal:  ./pipeline upload FILE   ./pipeline table   ./pipeline dlq   ./pipeline redrive --dry-run");
        out.printf("An object any client puts under the rule's prefix starts an execution here, as on AWS (listed by the"
                + " Step Functions endpoint above);%n./pipeline smoke --serve checks the whole pipeline that way."
                + " Executions serve starts are reported below.%n");
        out.println("Rehearsing incidents (a deleted table or queue, a second DLQ consumer, a killed upload): docs/local-pipeline.md");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(endpointsFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            if (stepFunctions != null) {
                stepFunctions.close();
            }
            pipeline.close();
            environment.close();
        }
    }
}
