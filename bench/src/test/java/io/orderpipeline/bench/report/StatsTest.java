package io.orderpipeline.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {

    @Test
    void medianOfOddAndEvenSamples() {
        assertThat(Stats.median(List.of(5, 1, 3))).isEqualTo(3.0);
        assertThat(Stats.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
    }

    @Test
    void nearestRankPercentileAndMinimum() {
        List<Integer> sample = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(Stats.percentile(sample, 90)).isEqualTo(90.0);
        assertThat(Stats.percentile(sample, 100)).isEqualTo(100.0);
        assertThat(Stats.min(sample)).isEqualTo(10.0);
    }

    @Test
    void anEmptySampleHasNoMedian() {
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verdictsCompareAgainstTheTarget() {
        assertThat(Summary.atMost(1.5, 1.5)).isEqualTo("PASS");
        assertThat(Summary.atMost(1.51, 1.5)).isEqualTo("MISS");
        assertThat(Summary.atLeast(999_999, 1_000_000)).isEqualTo("MISS");
    }
}
