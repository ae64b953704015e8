package io.orderpipeline.local.metering;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TraceSamplerTest {

    @Test
    void theFirstRequestOfEachSecondAndFivePercentOfTheOthersAreTraced() {
        var now = new AtomicLong(1_000_000);
        var sampler = new TraceSampler(now::get);
        for (int i = 0; i < 21; i++) {
            sampler.request();
        }
        assertThat(sampler.traces()).isCloseTo(1 + 20 * 0.05, within(1e-9));

        now.addAndGet(1_000);
        sampler.request();
        assertThat(sampler.traces()).isCloseTo(3, within(1e-9));
        assertThat(sampler.requests()).isEqualTo(22);
    }

    @Test
    void twiceTheRequestsInTheSameTimeAddFivePercentEach() {
        var now = new AtomicLong(0);
        var sampler = new TraceSampler(() -> now.getAndAdd(10));
        for (int i = 0; i < 200; i++) {
            sampler.request();
        }
        double two = sampler.traces();
        for (int i = 0; i < 200; i++) {
            sampler.request();
        }
        assertThat(sampler.traces()).isGreaterThan(1.9 * two);
    }
}
