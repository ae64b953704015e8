package io.orderpipeline.lambda.snapstart;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import io.orderpipeline.lambda.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The skeleton every function's SnapStart priming shares: passes, samples, the tracing warm-up, swallowed failures. */
class PrimingResourceTest {

    private static final Tracing QUIET = new Tracing(() -> {
        throw new AssertionError("no X-Ray without a trace header");
    }, () -> false);

    private final AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard().build();

    @AfterEach
    void clear() {
        recorder.clearTraceEntity();
    }

    /** Counts its passes; reads {@code sample} on each, or fails when asked to. */
    private static final class Counting extends PrimingResource<Integer> {
        final AtomicInteger passes = new AtomicInteger();
        private final String sample;
        private final boolean fail;

        Counting(Tracing tracing, String sample, boolean fail) {
            super(tracing, null);
            this.sample = sample;
            this.fail = fail;
        }

        @Override
        protected Integer pass() throws IOException {
            if (fail) {
                throw new IllegalStateException("the function path broke");
            }
            sample(sample);
            return passes.incrementAndGet();
        }
    }

    @Test
    void beforeCheckpointRunsTheFunctionsPassEnoughTimesForTheJit() {
        var priming = new Counting(QUIET, "/priming/sample.txt", false);

        priming.beforeCheckpoint(null);

        assertThat(priming.passes).hasValue(PrimingResource.WARM_UP_PASSES);
    }

    @Test
    void aFailingPassIsSwallowedSoTheSnapshotIsStillTaken() {
        var priming = new Counting(QUIET, "/priming/sample.txt", true);

        assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThatThrownBy(priming::prime).hasMessage("the function path broke");
    }

    @Test
    void aMissingSampleFailsNamingIt() {
        var priming = new Counting(QUIET, "/priming/not-bundled.json", false);

        assertThatThrownBy(priming::prime).isInstanceOf(IOException.class)
                .hasMessageContaining("/priming/not-bundled.json");
    }

    @Test
    void eachPassEndsInTheFunctionsTracing() throws IOException {
        Segment segment = recorder.beginSegment("Function");
        var priming = new Counting(new Tracing(() -> recorder, () -> true), "/priming/sample.txt", false);

        assertThat(priming.prime()).isEqualTo(1);

        assertThat(segment.getSubsegmentsCopy()).extracting(Subsegment::getName).containsExactly("Priming");
    }
}
