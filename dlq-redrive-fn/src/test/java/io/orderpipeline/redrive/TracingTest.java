package io.orderpipeline.redrive;

import io.orderpipeline.lambda.tracing.Tracing;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.core.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** How the redrive uses the shared tracing (the class itself is tested in lambda-support). */
class TracingTest {

    private final AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard().build();

    @AfterEach
    void clear() {
        recorder.clearTraceEntity();
    }

    @Test
    void aRedriveRecordsReceiveValidateAndWriteSubsegments() throws IOException {
        Segment segment = recorder.beginSegment("RedriveFunction");
        Harness h = new Harness();
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), Harness.attributes(ReasonCode.INVALID_SKU));
        RedriveHandler handler = InMemoryHandler.of(h, new Tracing(() -> recorder, () -> true));

        handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), TestContext.withRemaining(60_000));

        assertThat(segment.getSubsegmentsCopy()).extracting(Subsegment::getName)
                .containsExactly("receive", "validate", "write", "receive");
        assertThat(segment.getSubsegmentsCopy()).noneMatch(Subsegment::isInProgress);
    }
}
