package io.orderpipeline.redrive;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import io.orderpipeline.model.ReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void aRedriveRecordsReceiveValidateAndWriteSubsegments() throws IOException {
        Segment segment = recorder.beginSegment("RedriveFunction");
        MutableClock clock = new MutableClock(Dlq.NOW);
        FakeSqs sqs = new FakeSqs(clock, Dlq.DLQ, Dlq.PARKING);
        FakeTable table = new FakeTable();
        sqs.put(Dlq.DLQ, Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), Dlq.attributes(ReasonCode.INVALID_SKU));
        RedriveHandler handler = new RedriveHandler(Dlq.environment(5), sqs.client, table.client, clock,
                new Tracing(() -> recorder, () -> true));

        handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null);

        assertThat(segment.getSubsegmentsCopy()).extracting(Subsegment::getName)
                .containsExactly("receive", "validate", "write", "receive");
        assertThat(segment.getSubsegmentsCopy()).noneMatch(Subsegment::isInProgress);
    }

    @Test
    void anExceptionIsRecordedOnTheSubsegmentAndRethrown() {
        Segment segment = recorder.beginSegment("RedriveFunction");
        Tracing tracing = new Tracing(() -> recorder, () -> true);

        assertThatThrownBy(() -> tracing.inSubsegment("write", () -> {
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

        assertThat(tracing.inSubsegment("receive", () -> 42)).isEqualTo(42);
        tracing.annotate("received", 1);
        assertThat(touched).isFalse();
    }
}
