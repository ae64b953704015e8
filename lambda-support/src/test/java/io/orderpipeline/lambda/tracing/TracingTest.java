package io.orderpipeline.lambda.tracing;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracingTest {

    private final AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard().build();

    @AfterEach
    void clear() {
        recorder.clearTraceEntity();
    }

    @Test
    void withATraceContextWorkRunsInANamedSubsegmentWithAnnotations() {
        Segment segment = recorder.beginSegment("ValidatorFunction");
        Tracing tracing = new Tracing(() -> recorder, () -> true);

        String result = tracing.inSubsegment("ValidateBatch", () -> {
            tracing.annotate("sourceKey", "incoming/a.json");
            return tracing.inSubsegment("ValidateOrders", () -> {
                tracing.annotate("received", 3);
                return "done";
            });
        });

        assertThat(result).isEqualTo("done");
        Subsegment batch = segment.getSubsegmentsCopy().getFirst();
        assertThat(batch.getName()).isEqualTo("ValidateBatch");
        assertThat(batch.getAnnotations()).containsEntry("sourceKey", "incoming/a.json");
        Subsegment orders = batch.getSubsegmentsCopy().getFirst();
        assertThat(orders.getName()).isEqualTo("ValidateOrders");
        assertThat(orders.getAnnotations()).containsEntry("received", 3);
        assertThat(batch.isInProgress()).isFalse();
    }

    @Test
    void anExceptionIsRecordedOnTheSubsegmentAndRethrown() {
        Segment segment = recorder.beginSegment("ValidatorFunction");
        Tracing tracing = new Tracing(() -> recorder, () -> true);

        assertThatThrownBy(() -> tracing.inSubsegment("ValidateBatch", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        Subsegment failed = segment.getSubsegmentsCopy().getFirst();
        assertThat(failed.isFault() || failed.isError()).isTrue();
        assertThat(failed.getCause().getExceptions()).isNotEmpty();
    }

    @Test
    void withoutATraceContextTheRecorderIsNeverTouched() {
        AtomicBoolean touched = new AtomicBoolean();
        Tracing tracing = new Tracing(() -> {
            touched.set(true);
            return recorder;
        }, () -> false);

        assertThat(tracing.inSubsegment("ValidateBatch", () -> 42)).isEqualTo(42);
        tracing.annotate("k", "v");
        tracing.annotate("n", 1);
        assertThat(touched).isFalse();
    }

    @Test
    void lambdaTracingIsInactiveOutsideAnInvocationWithATraceHeader() {
        assertThat(System.getProperty("com.amazonaws.xray.traceHeader")).isNull();
        assertThat(Tracing.lambda().inSubsegment("ValidateBatch", () -> "ran")).isEqualTo("ran");
    }
}
