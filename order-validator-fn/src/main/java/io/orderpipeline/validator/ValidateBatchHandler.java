package io.orderpipeline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orderpipeline.lambda.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Validates one Distributed Map batch (data-contracts.md §2): every record becomes either a DynamoDB item to put
 * or a DLQ message to send; the state machine does the writing. No AWS calls here.
 *
 * <p>The work itself is the Lambda-free {@link BatchProcessor}; this class adds what Lambda needs around it: Powertools
 * logging (the Lambda context and the correlation id on every line), EMF metrics and X-Ray subsegments. Everything
 * costly (mapper, validator, metrics, tracing) is built once per container in the constructor.
 */
public class ValidateBatchHandler implements RequestStreamHandler {

    static final String ENV_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    static final String CORRELATION_ID = "correlation_id";
    private static final Logger LOG = LoggerFactory.getLogger(ValidateBatchHandler.class);

    private final BatchProcessor processor;
    private final BatchMetrics metrics;
    private final Tracing tracing;
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
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.processor = new BatchProcessor(clock);
        this.metrics = new BatchMetrics(environment.get(ENV_METRICS_NAMESPACE));
        this.priming = new SnapStartPriming(processor, tracing, CORRELATION_ID);
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
                return PowertoolsLogging.withLogging(context, CORRELATION_ID,
                        Map.of(CORRELATION_ID, batch.input().correlationId()), () -> process(batch));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        output.write(result);
    }

    private byte[] process(BatchReader.Batch batch) {
        BatchOutcome outcome = tracing.inSubsegment("ValidateOrders", () -> processor.validate(batch, true));
        tracing.annotate("received", outcome.received());
        tracing.annotate("invalid", outcome.invalid().size());
        byte[] bytes;
        try {
            bytes = processor.write(batch, outcome);
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
            return processor.read(input.readAllBytes());
        } catch (InvalidBatchException e) {
            LOG.error("not a Distributed Map batch", e);
            throw e;
        } catch (IOException e) {
            InvalidBatchException invalid = new InvalidBatchException("the payload is not valid JSON: " + e.getMessage(), e);
            LOG.error("not a Distributed Map batch", invalid);
            throw invalid;
        }
    }
}
