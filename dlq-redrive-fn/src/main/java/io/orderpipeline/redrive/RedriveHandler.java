package io.orderpipeline.redrive;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orderpipeline.lambda.aws.AwsClients;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.redrive.aws.DynamoOrderTable;
import io.orderpipeline.redrive.aws.S3ClaimChecks;
import io.orderpipeline.redrive.aws.SqsDeadLetterQueue;
import io.orderpipeline.redrive.aws.VisibilityHeartbeat;
import io.orderpipeline.redrive.core.ClaimChecks;
import io.orderpipeline.redrive.core.DeadLetterQueue;
import io.orderpipeline.redrive.core.OrderTable;
import io.orderpipeline.redrive.core.RedriveRequest;
import io.orderpipeline.redrive.core.RedriveSummary;
import io.orderpipeline.redrive.core.Redriver;
import io.orderpipeline.redrive.core.Triage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Lambda entry point of the DLQ redrive (docs/redrive.md): the edge where the function's decisions ({@code core}) meet
 * SQS, DynamoDB and S3 ({@code aws}). Clients, adapters and configuration are built once per container, in the
 * constructor; each invocation parses its request, runs one {@link Redriver} pass, publishes its metrics and returns
 * its summary as JSON. It is always invoked with a {@link Context}: Lambda's, or lambda-support's
 * {@code InvocationContext} where the project invokes it itself (the local pipeline, tests); the run's time budget
 * comes from it.
 */
public final class RedriveHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RedriveHandler.class);
    /** Left for the last batch's writes, sends and deletes, and the summary, when the budget is derived from the context. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(20);
    /**
     * The DLQ messages a run holds come back this long after the run is gone (killed, timed out): they are received with
     * this visibility timeout and extended while the run works (a heartbeat, see {@link VisibilityHeartbeat}).
     */
    public static final Duration VISIBILITY_WINDOW = VisibilityHeartbeat.WINDOW;

    /** What the function's decisions work on: the DLQ and parking queue, the orders table, the claim-check bodies. */
    record Adapters(DeadLetterQueue queue, OrderTable table, ClaimChecks claimChecks) {
    }

    private final Redriver redriver;
    private final RedriveMetrics metrics;
    private final SnapStartPriming priming;

    /**
     * Used by Lambda: configuration from the process environment, and SnapStart priming registered for the snapshot
     * of the published version (the field keeps the resource alive; CRaC holds it weakly).
     */
    public RedriveHandler() {
        this(System.getenv());
        priming.register();
    }

    /**
     * Used by the local pipeline: the function's environment from the template, emulator endpoints included. No
     * priming is registered: an in-process handler is never checkpointed.
     */
    public RedriveHandler(Map<String, String> environment) {
        this(environment, RedriveConfig.fromEnvironment(environment), Clock.systemUTC());
    }

    private RedriveHandler(Map<String, String> environment, RedriveConfig config, Clock clock) {
        this(environment, config, onAws(environment, config, clock), clock, Tracing.lambda());
    }

    /** Tests: the function on the given adapters. */
    RedriveHandler(Map<String, String> environment, RedriveConfig config, Adapters adapters, Clock clock,
                   Tracing tracing) {
        Triage triage = new Triage(new OrderValidator(clock));
        this.redriver = new Redriver(adapters.queue(), adapters.table(), adapters.claimChecks(), triage,
                config.maxAttempts(), tracing, clock);
        this.metrics = new RedriveMetrics(config.metricsNamespace());
        this.priming = new SnapStartPriming(triage, config, environment, clock, tracing);
    }

    /**
     * The adapters on AWS. Copies are sent through the extended client (a body over SQS's limit goes to S3); receives,
     * deletes and visibility changes through the plain client, with a heartbeat thread besides the run's own steps;
     * claim-check bodies are read and deleted by {@link S3ClaimChecks}.
     */
    static Adapters onAws(Map<String, String> environment, RedriveConfig config, Clock clock) {
        SqsClient sqs = AwsClients.sqs(environment);
        S3Client s3 = AwsClients.s3(environment);
        SqsClient sender = new AmazonSQSExtendedClient(sqs,
                S3ClaimChecks.sending(s3, config.ordersBucket(), config.claimCheckPrefix()));
        return new Adapters(new SqsDeadLetterQueue(sqs, sender, config.dlqUrl(), config.parkingQueueUrl(), clock, true),
                new DynamoOrderTable(AwsClients.dynamoDb(environment), config.tableName()),
                new S3ClaimChecks(s3, config.ordersBucket(), config.claimCheckPrefix()));
    }

    /** The SnapStart priming resource (registered with CRaC by the Lambda constructor only). */
    SnapStartPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Objects.requireNonNull(context, "context: Lambda's, or an InvocationContext (lambda-support)");
        String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        metrics.captureColdStart(context);
        RedriveSummary summary = PowertoolsLogging.withLogging(context, () -> redrive(payload, context));
        output.write(Json.write(summary.toJson()).getBytes(StandardCharsets.UTF_8));
    }

    private RedriveSummary redrive(String payload, Context context) {
        RedriveRequest request = RedriveRequest.parse(payload);
        Duration budget = budget(request, context);
        LOG.info("redrive starting", entry("request", request.toString()), entry("budgetSeconds", budget.toSeconds()));
        RedriveSummary summary = redriver.run(request, budget);
        LOG.info("redrive finished", entry("summary", summary.toJson()));
        metrics.publish(summary);
        return summary;
    }

    /** The request's budget, never beyond what the invocation has left minus the safety margin. */
    static Duration budget(RedriveRequest request, Context context) {
        Duration available = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        if (available.isNegative()) {
            available = Duration.ZERO;
        }
        if (request.timeBudgetSeconds() == null) {
            return available;
        }
        Duration asked = Duration.ofSeconds(request.timeBudgetSeconds());
        return asked.compareTo(available) < 0 ? asked : available;
    }
}
