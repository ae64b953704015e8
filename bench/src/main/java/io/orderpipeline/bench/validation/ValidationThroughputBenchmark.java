package io.orderpipeline.bench.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.bench.data.OrderGenerator;
import io.orderpipeline.model.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Orders per second, single thread: the full validator work on a batch of {@value #BATCH} orders against a bare
 * Jackson tree parse of the same bytes (the practical ceiling: every design must at least read the batch).
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
    private BatchPipeline pipeline;
    private final ObjectMapper plain = new ObjectMapper();

    @Setup
    public void setUp() throws IOException {
        batch = Json.mapper().writeValueAsBytes(new OrderGenerator(42, invalidEvery).batch(BATCH));
        pipeline = new BatchPipeline(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] parseValidateMap() {
        return pipeline.process(batch);
    }

    /** Jackson's default tree parse (doubles, not BigDecimal): what "just reading the bytes" costs. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public JsonNode jacksonTreeParse() throws IOException {
        return plain.readTree(batch);
    }
}
