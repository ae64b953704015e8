package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.Sleeper;
import io.orderpipeline.asl.engine.EngineSettings;
import io.orderpipeline.asl.engine.ExecutionIdentity;
import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.states.StateGraph;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Runs Amazon States Language (JSONPath) definitions locally. Thread-safe and reusable: every {@link #execute} call
 * is an independent execution.
 */
public final class AslExecutor {

    private final Function<String, TaskIntegration> integrations;
    private final boolean hasObjectStore;
    private final Engine engine;

    private AslExecutor(Builder builder) {
        this.integrations = builder.integrations;
        this.hasObjectStore = builder.objectStore != null;
        this.engine = new Engine(new EngineSettings(builder.objectStore, builder.timeScale, builder.clock,
                builder.listener, builder.sleeper, builder.random, builder.inlineMapCap, builder.distributedMapCap,
                builder.spoolDirectory));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses and validates a definition without running it.
     *
     * @throws AslDefinitionException naming the state and field that is invalid or unsupported
     */
    public void validate(JsonNode definition) {
        parse(definition);
    }

    /**
     * Runs one execution to its end.
     *
     * @throws AslDefinitionException before anything runs, when the definition is invalid or unsupported
     */
    public ExecutionResult execute(JsonNode definition, JsonNode input, ExecutionRequest request) {
        StateGraph machine = parse(definition);
        JsonNode effectiveInput = input == null ? io.orderpipeline.asl.path.Json.NODES.objectNode() : input;
        ExecutionRequest effectiveRequest = request == null ? ExecutionRequest.standard() : request;
        return engine.execute(machine, effectiveInput, ExecutionIdentity.of(effectiveRequest), false).result();
    }

    private StateGraph parse(JsonNode definition) {
        return new DefinitionParser(integrations, hasObjectStore).stateMachine(definition);
    }

    public static final class Builder {
        private Function<String, TaskIntegration> integrations = resource -> null;
        private ObjectStore objectStore;
        private double timeScale = 1.0;
        private Clock clock = Clock.systemUTC();
        private ExecutionListener listener = ExecutionListener.NONE;
        private Sleeper sleeper = Sleeper.REAL;
        private RandomGenerator random = RandomGenerator.getDefault();
        private int inlineMapCap = 40;
        private int distributedMapCap = 256;
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder() {
        }

        /** Resource ARN → integration, or null when the resource is not supported (the definition is then rejected). */
        public Builder integrations(Function<String, TaskIntegration> resolver) {
            this.integrations = Objects.requireNonNull(resolver);
            return this;
        }

        /** The S3 of Distributed Map ItemReader / ResultWriter. */
        public Builder objectStore(ObjectStore store) {
            this.objectStore = store;
            return this;
        }

        /** Multiplies Wait and Retry delays; 0 never sleeps (tests). */
        public Builder timeScale(double scale) {
            if (scale < 0 || Double.isNaN(scale)) {
                throw new IllegalArgumentException("timeScale must be >= 0");
            }
            this.timeScale = scale;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = listener == null ? ExecutionListener.NONE : listener;
            return this;
        }

        /** How delays are waited for (after time scaling). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        /** Randomness of JitterStrategy FULL. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** Concurrency used for MaxConcurrency 0 (unbounded): inline Map iterations and Distributed Map children. */
        public Builder unboundedConcurrency(int inlineMap, int distributedMap) {
            if (inlineMap < 1 || distributedMap < 1) {
                throw new IllegalArgumentException("concurrency caps must be >= 1");
            }
            this.inlineMapCap = inlineMap;
            this.distributedMapCap = distributedMap;
            return this;
        }

        /**
         * Where a Distributed Map spools its child inputs and result files while it runs (deleted when it ends), so
         * that an object of any size is processed in bounded memory; default: {@code java.io.tmpdir}.
         */
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = Objects.requireNonNull(directory);
            return this;
        }

        public AslExecutor build() {
            return new AslExecutor(this);
        }
    }
}
