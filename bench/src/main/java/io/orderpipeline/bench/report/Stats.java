package io.orderpipeline.bench.report;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample (nearest-rank percentiles; the median averages the middle pair). */
public final class Stats {

    private Stats() {
    }

    public static double median(List<? extends Number> sample) {
        double[] sorted = sorted(sample);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** @param p in (0, 100] */
    public static double percentile(List<? extends Number> sample, double p) {
        double[] sorted = sorted(sample);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public static double min(List<? extends Number> sample) {
        return sorted(sample)[0];
    }

    private static double[] sorted(List<? extends Number> sample) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("empty sample");
        }
        double[] values = sample.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(values);
        return values;
    }
}
