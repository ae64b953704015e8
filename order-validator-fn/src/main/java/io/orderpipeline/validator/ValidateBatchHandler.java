package io.orderpipeline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.OrderValidator;
import io.orderpipeline.lambda.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Validates one Distributed Map batch (data-contracts.md §2): every record becomes either a DynamoDB item to put
 * or a DLQ message to send; the state machine does the writing. No AWS calls here.
 *
 * <p>Everything costly (mapper, validator, metrics, tracing) is built once per container in the constructor.
 */
public class ValidateBatchHandler implements RequestStreamHandler {

    static final String ENV_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    static final String CORRELATION_ID = "correlation_id";
    private static final Logger LOG = LoggerFactory.getLogger(ValidateBatchHandler.class);

    private final BatchReader reader;
    private final BatchOutputWriter writer = new BatchOutputWriter();
    private final BatchValidator validator;
    private final BatchMetrics metrics;
    private final Tracing tracing;
    private final Clock clock;
    private final SnapStartPriming priming;

    /**
     * Lambda's constructor: configuration from the process environment, and SnapStart priming registered for the
     * snapshot of the published version (the field keeps the resource alive; CRaC holds it weakly).
     */
    public ValidateBatchHandler() {
        this(System.getenv());
        priming.register();
    }

    /**
     * Configuration from {@code environment} only (the local pipeline passes the template's function environment).
     * No priming is registered: an in-process handler is never checkpointed.
     */
    public ValidateBatchHandler(Map<String, String> environment) {
        this(environment, Clock.systemUTC(), Tracing.lambda());
    }

    ValidateBatchHandler(Map<String, String> environment, Clock clock, Tracing tracing) {
        Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        OrderValidator orderValidator = new OrderValidator(clock);
        this.reader = new BatchReader(orderValidator);
        this.validator = new BatchValidator(orderValidator);
        this.metrics = new BatchMetrics(environment.get(ENV_METRICS_NAMESPACE));
        this.priming = new SnapStartPriming(reader, validator, writer, tracing, clock);
    }

    /** The SnapStart priming resource (registered with CRaC by the Lambda constructor only). */
    SnapStartPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        metrics.captureColdStart(context);
        byte[] result;
        try {
            result = tracing.inSubsegment("ValidateBatch", () -> {
                BatchReader.Batch batch = read(input);
                tracing.annotate("sourceKey", batch.input().source().key());
                return withLogging(context, batch.input().correlationId(), () -> process(batch));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        output.write(result);
    }

    private byte[] process(BatchReader.Batch batch) {
        IngestionContext ingestion = batch.input().context(clock.instant());
        BatchOutcome outcome = tracing.inSubsegment("ValidateOrders", () -> validator.validate(batch, ingestion));
        tracing.annotate("received", outcome.received());
        tracing.annotate("invalid", outcome.invalid().size());
        byte[] bytes;
        try {
            bytes = writer.write(outcome, batch.payloadBytes());
        } catch (OrderBatchTooLargeException e) {
            LOG.error("batch output too large, the state machine parks the batch", entry("received", outcome.received()),
                    entry("outputBytes", e.outputBytes()), e);
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.publish(outcome);
        LOG.info("batch validated", entry("sourceKey", batch.input().source().key()),
                entry("format", batch.input().format().name()), entry("received", outcome.received()),
                entry("valid", outcome.valid().size()), entry("invalid", outcome.invalid().size()),
                entry("byReason", outcome.byReason()), entry("outputBytes", bytes.length));
        return bytes;
    }

    private BatchReader.Batch read(InputStream input) {
        try {
            return reader.read(input);
        } catch (InvalidBatchException e) {
            LOG.error("not a Distributed Map batch", e);
            throw e;
        } catch (IOException e) {
            InvalidBatchException invalid = new InvalidBatchException("the payload is not valid JSON: " + e.getMessage(), e);
            LOG.error("not a Distributed Map batch", invalid);
            throw invalid;
        }
    }

    /** Powertools' functional logging API: Lambda context fields and the correlation id on every line. */
    private static <T> T withLogging(Context context, String correlationId, Supplier<T> work) {
        if (context == null) {
            MDC.put(CORRELATION_ID, correlationId);
            try {
                return work.get();
            } finally {
                MDC.remove(CORRELATION_ID);
            }
        }
        return PowertoolsLogging.withLogging(context, CORRELATION_ID, Map.of(CORRELATION_ID, correlationId), work);
    }
}
