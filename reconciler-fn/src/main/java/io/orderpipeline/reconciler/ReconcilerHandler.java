package io.orderpipeline.reconciler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.Parking.OrderFileError;
import io.orderpipeline.reconciler.aws.DynamoOrderTable;
import io.orderpipeline.reconciler.aws.ItemReaderRecords;
import io.orderpipeline.reconciler.aws.ReconcilerClients;
import io.orderpipeline.reconciler.aws.RequestCounter;
import io.orderpipeline.reconciler.aws.S3Objects;
import io.orderpipeline.reconciler.aws.SqsDeadLetters;
import io.orderpipeline.reconciler.core.DeadLetters;
import io.orderpipeline.reconciler.core.Inspector;
import io.orderpipeline.reconciler.core.ObjectStore;
import io.orderpipeline.reconciler.core.OrderTable;
import io.orderpipeline.reconciler.core.Reconciler;
import io.orderpipeline.reconciler.core.ReconciliationReport;
import io.orderpipeline.reconciler.core.SourceRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Lambda entry point of the reconciler (data-contracts.md §5): {@code INSPECT} before a file's Distributed Map,
 * {@code RECONCILE} after it. Clients, validator and metrics are built once per container, in the constructor.
 */
public final class ReconcilerHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilerHandler.class);
    static final String CORRELATION_ID = "correlation_id";

    private final Inspector inspector;
    private final Reconciler reconciler;
    private final ReconcilerMetrics metrics;
    private final Tracing tracing;
    private final SnapStartPriming priming;

    /**
     * Used by Lambda: configuration from the process environment, and SnapStart priming registered for the snapshot of
     * the published version (the field keeps the resource alive; CRaC holds it weakly).
     */
    public ReconcilerHandler() {
        this(System.getenv());
        priming.register();
    }

    /**
     * Used by the local pipeline: the function's environment from the template, emulator endpoints included. No
     * priming is registered: an in-process handler is never checkpointed.
     */
    public ReconcilerHandler(Map<String, String> environment) {
        this(ReconcilerConfig.fromEnvironment(environment), ReconcilerClients.from(environment), Clock.systemUTC(),
                Tracing.lambda());
    }

    ReconcilerHandler(ReconcilerConfig config, ReconcilerClients clients, Clock clock, Tracing tracing) {
        this(config, Ports.on(config, clients), clock, tracing);
    }

    /** On any ports: AWS's (above), or in-memory ones in tests. */
    ReconcilerHandler(ReconcilerConfig config, Ports ports, Clock clock, Tracing tracing) {
        this.inspector = new Inspector(ports.objects(), ports.headers(), config.maxFileBytes());
        this.reconciler = new Reconciler(ports.objects(), ports.records(), new OrderValidator(clock),
                ports.deadLetters(), ports.table(),
                new Reconciler.Settings(config.ordersBucket(), config.mapResultsPrefix()), clock,
                failure -> TransientServiceException.of(failure).isPresent());
        this.metrics = new ReconcilerMetrics(config.metricsNamespace());
        this.tracing = tracing;
        this.priming = new SnapStartPriming(tracing, clock);
    }

    /** What the reconciler reads, sends and writes through (core's ports). */
    record Ports(ObjectStore objects, SourceRecords records, Inspector.HeaderReader headers, DeadLetters deadLetters,
                 OrderTable table) {

        static Ports on(ReconcilerConfig config, ReconcilerClients clients) {
            var objects = new S3Objects(clients.s3());
            var records = new ItemReaderRecords(objects);
            return new Ports(objects, records, records, new SqsDeadLetters(clients.sqs(), clients.s3(),
                    config.dlqUrl(), config.ordersBucket(), config.claimCheckPrefix()),
                    new DynamoOrderTable(clients.dynamoDb(), config.tableName()));
        }
    }

    SnapStartPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Objects.requireNonNull(context, "context: Lambda's, or an InvocationContext (lambda-support)");
        metrics.captureColdStart(context);
        JsonNode payload = Json.read(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        Request request = Request.parse(payload);
        String correlationId = switch (request) {
            case Request.Inspect inspect -> inspect.key() + "#" + inspect.executionId();
            case Request.Reconcile reconcile -> reconcile.file().key() + "#" + reconcile.executionId();
        };
        ObjectNode response;
        try {
            response = withLogging(context, correlationId, () -> tracing.inSubsegment(
                    request instanceof Request.Inspect ? "Inspect" : "Reconcile", () -> handle(request)));
        } catch (UncheckedIOException e) {
            // a throttled or unanswered service call is named so the state machine retries the task (#22 §5)
            var transientFailure = TransientServiceException.of(e.getCause());
            if (transientFailure.isPresent()) {
                throw transientFailure.get();
            }
            throw e.getCause();
        } catch (RuntimeException e) {
            throw TransientServiceException.of(e).<RuntimeException>map(t -> t).orElse(e);
        }
        output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Either answer, in the shape the state machine reads: a lasting failure (S3 denies or lost the file, a bug) becomes
     * a file error named in one sentence, its stack trace logged here — never Lambda's error document, whose stack
     * trace the state machine would carry into the FILE message and the execution's cause. A failure that may pass (a
     * throttled or unanswered call) is thrown, for the state machine to retry by {@link TransientServiceException}'s
     * name.
     */
    private ObjectNode handle(Request request) {
        try {
            return switch (request) {
                case Request.Inspect inspect -> inspect(inspect);
                case Request.Reconcile reconcile -> reconcile(reconcile);
            };
        } catch (IOException | RuntimeException e) {
            String sourceKey = request instanceof Request.Inspect i ? i.key() : ((Request.Reconcile) request).file().key();
            LOG.error(request instanceof Request.Inspect ? "inspection failed" : "reconciliation failed",
                    entry("sourceKey", sourceKey), e);
            if (TransientServiceException.of(e).isPresent()) {
                // the state machine retries it by name (#22 §5); its stack trace is logged above, not sent
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            return switch (request) {
                case Request.Inspect inspect -> new Inspector.Inspection(inspect.key(), null,
                        new ReconciliationReport.FileError(OrderFileError.NOT_INSPECTED.errorName(),
                                "The reconciler could not inspect the file: " + sentence(e))).toJson();
                case Request.Reconcile reconcile -> notReconciled(new ReconciliationReport.FileError(
                        OrderFileError.NOT_RECONCILED.errorName(), "The reconciler failed: " + sentence(e)));
            };
        }
    }

    /** The exception in one line: its message, or its type when it has none. */
    private static String sentence(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e instanceof IOException ? message : e.getClass().getSimpleName() + ": " + message;
    }

    /** The RECONCILE answer when there is no report to give (it could not be made or written). */
    private static ObjectNode notReconciled(ReconciliationReport.FileError error) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("outcome", ReconciliationReport.Outcome.NOT_RECONCILED.name());
        response.putObject("counts").put("read", 0).put("blank", 0).put("stored", 0).put("parked", 0)
                .put("altered", 0).put("unaccounted", 0);
        response.putNull("report");
        response.set("fileError", error.toJson());
        response.put("summary", error.error() + ": " + error.cause());
        return response;
    }

    private ObjectNode inspect(Request.Inspect request) throws IOException {
        tracing.annotate("sourceKey", request.key());
        Inspector.Inspection inspection = inspector.inspect(request.object());
        metrics.publishInspection(inspection.fileError());
        if (inspection.fileError() != null) {
            LOG.warn("file rejected", entry("sourceKey", inspection.key()), entry("eventKey", request.key()),
                    entry("error", inspection.fileError().error()), entry("cause", inspection.fileError().cause()));
        } else {
            LOG.info("file inspected", entry("sourceKey", inspection.key()), entry("eventKey", request.key()),
                    entry("format", inspection.format().name()));
        }
        return inspection.toJson();
    }

    private ObjectNode reconcile(Request.Reconcile request) throws IOException {
        tracing.annotate("sourceKey", request.file().key());
        RequestCounter.Counts counts = RequestCounter.start();
        ReconciliationReport report;
        String reportKey;
        try {
            report = reconciler.reconcile(request.file(), request.executionId(), request.map());
            // the report names the requests made so far (its own PutObject excepted)
            report = report.withRequests(counts.snapshot());
            reportKey = reconciler.writeReport(report);
        } finally {
            RequestCounter.stop();
        }
        metrics.publish(report);
        var c = report.counts();
        LOG.info("file reconciled", entry("sourceKey", request.file().key()), entry("outcome", report.outcome().name()),
                entry("read", c.read()), entry("stored", c.stored()), entry("parked", c.parked()),
                entry("parkedByReconciler", c.parkedByReconciler()), entry("altered", c.altered()),
                entry("unaccounted", c.unaccounted()), entry("blank", c.blank()), entry("report", reportKey));
        if (c.altered() > 0 || c.unaccounted() > 0) {
            LOG.warn("orders altered or unaccounted", entry("sourceKey", request.file().key()),
                    entry("altered", report.altered()), entry("unaccounted", report.unaccounted()));
        }
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("outcome", report.outcome().name());
        ObjectNode countsJson = response.putObject("counts");
        countsJson.put("read", c.read()).put("blank", c.blank()).put("stored", c.stored()).put("parked", c.parked())
                .put("altered", c.altered()).put("unaccounted", c.unaccounted());
        response.putObject("report").put("Bucket", reconciler.settings().resultsBucket()).put("Key", reportKey);
        response.set("fileError", report.fileError() == null ? response.nullNode() : report.fileError().toJson());
        response.put("summary", report.summary());
        return response;
    }

    private static <T> T withLogging(Context context, String correlationId, Supplier<T> work) {
        return PowertoolsLogging.withLogging(context, CORRELATION_ID, Map.of(CORRELATION_ID, correlationId), work);
    }
}
