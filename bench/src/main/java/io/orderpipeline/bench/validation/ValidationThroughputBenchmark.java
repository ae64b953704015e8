package io.orderpipeline.bench.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.bench.data.OrderGenerator;
import io.orderpipeline.lambda.context.InvocationContext;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.validator.BatchProcessor;
import io.orderpipeline.validator.ValidateBatchHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Orders per second, single thread: the full validator work on a batch of {@value #BATCH} orders (the validator's own
 * {@link BatchProcessor}, and its handler) against a bare Jackson tree parse of the same bytes (the practical
 * ceiling: every design must at least read the batch).
 * Scores are per order ({@link OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidationThroughputBenchmark {

    static final int BATCH = 100;

    /** 0 = every order valid; 10 = every tenth order invalid (goes to the DLQ body path). */
    @Param({"0", "10"})
    public int invalidEvery;

    private byte[] batch;
    private BatchProcessor processor;
    private final ObjectMapper plain = new ObjectMapper();

    private ValidateBatchHandler handler;
    private InvocationContext context;

    @Setup
    public void setUp() throws IOException {
        batch = Json.mapper().writeValueAsBytes(new OrderGenerator(42, invalidEvery).batch(BATCH));
        processor = new BatchProcessor(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        // The handler's JSON logs and EMF lines are still formatted (their cost is measured) but not printed.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        handler = new ValidateBatchHandler(Map.of("POWERTOOLS_METRICS_NAMESPACE", "OrderPipelineBench",
                "POWERTOOLS_SERVICE_NAME", "order-validator"));
        context = new InvocationContext("bench", "ValidatorFunction", "1",
                "arn:aws:lambda:us-east-1:000000000000:function:ValidatorFunction:live", "/aws/lambda/ValidatorFunction",
                "bench", 1024, InvocationContext.fixed(60_000), System.out);
    }

    /** The deployed handler on the same bytes: the processor plus Powertools logging, EMF metrics and X-Ray. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] validatorHandler() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        handler.handleRequest(new ByteArrayInputStream(batch), out, context);
        return out.toByteArray();
    }

    /**
     * The validator's work without its Lambda envelope: {@link BatchProcessor#process}, the very code the handler
     * runs (read the batch, validate every record, write the items, DLQ bodies and counts).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] parseValidateMap() throws IOException {
        return processor.process(batch);
    }

    /** Jackson's default tree parse (doubles, not BigDecimal): what "just reading the bytes" costs with a tree. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public JsonNode jacksonTreeParse() throws IOException {
        return plain.readTree(batch);
    }

    /**
     * The streaming floor: every token of the same bytes, every string and number decoded (as any reader of the
     * orders must), nothing kept and no tree.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jacksonStreamingParse() throws IOException {
        long sum = 0;
        try (JsonParser parser = plain.createParser(batch)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case VALUE_STRING -> sum += parser.getTextLength();
                    case VALUE_NUMBER_INT -> sum += parser.getIntValue();
                    case VALUE_NUMBER_FLOAT -> sum += parser.getDecimalValue().scale();
                    default -> sum++;
                }
            }
        }
        return sum;
    }
}
