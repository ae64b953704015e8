package io.orderpipeline.redrive;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orderpipeline.lambda.aws.AwsClients;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 * Lambda entry point of the DLQ redrive (docs/redrive.md). Clients and configuration are built once per container,
 * in the constructor; each invocation runs one {@link Redriver} pass and returns its summary as JSON. It is always
 * invoked with a {@link Context}: Lambda's, or lambda-support's {@code InvocationContext} where the project invokes it
 * itself (the local pipeline, tests); the run's time budget comes from it.
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
        this(environment, AwsClients.sqs(environment), AwsClients.dynamoDb(environment), AwsClients.s3(environment),
                Clock.systemUTC(), Tracing.lambda(), true);
    }

    /** Tests: the held messages' visibility is extended at the run's own steps only (no heartbeat thread). */
    RedriveHandler(Map<String, String> environment, SqsClient sqs, DynamoDbClient dynamoDb, S3Client s3, Clock clock,
                   Tracing tracing) {
        this(environment, sqs, dynamoDb, s3, clock, tracing, false);
    }

    private RedriveHandler(Map<String, String> environment, SqsClient sqs, DynamoDbClient dynamoDb, S3Client s3,
                           Clock clock, Tracing tracing, boolean backgroundHeartbeat) {
        RedriveConfig config = RedriveConfig.fromEnvironment(environment);
        Triage triage = new Triage(new OrderValidator(clock));
        // copies are sent through the extended client (a body over SQS's limit goes to S3); receives, deletes and
        // visibility changes through the plain client, the claim-check bodies read and deleted by ClaimChecks
        SqsClient sender = new AmazonSQSExtendedClient(sqs,
                ClaimChecks.sending(s3, config.ordersBucket(), config.claimCheckPrefix()));
        this.redriver = new Redriver(new QueueClient(sqs, sender), new OrderTable(dynamoDb, config.tableName()),
                triage, new ClaimChecks(s3, config.ordersBucket(), config.claimCheckPrefix()), config, tracing, clock,
                backgroundHeartbeat);
        this.metrics = new RedriveMetrics(config.metricsNamespace());
        this.priming = new SnapStartPriming(triage, config, environment, clock, tracing);
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
