package io.orderpipeline.reconciler;

import io.orderpipeline.lambda.tracing.Tracing;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SnapStartPrimingTest {

    @Test
    void aPrimingPassRunsTheWholeAccountingOnTheSamplesInMemory() throws IOException {
        var priming = new SnapStartPriming(Tracing.lambda(), Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        var report = priming.prime();
        assertThat(report.counts().read()).isEqualTo(3);
        assertThat(report.counts().stored()).isEqualTo(1);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(2);
        assertThat(report.parkedByReason()).containsKeys("TOTAL_MISMATCH", "PROCESSING_ERROR");
        // a second pass gives the same (nothing is kept between passes)
        assertThat(priming.prime().counts()).isEqualTo(report.counts());
    }
}
