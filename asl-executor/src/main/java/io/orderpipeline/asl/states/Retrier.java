package io.orderpipeline.asl.states;

import io.orderpipeline.asl.definition.Fields;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One element of {@code Retry}. Defaults as AWS documents them: IntervalSeconds 1, MaxAttempts 3 (0 = never retry),
 * BackoffRate 2.0, no MaxDelaySeconds, JitterStrategy NONE.
 */
public record Retrier(List<String> errorEquals, long intervalSeconds, long maxAttempts, double backoffRate,
                      Long maxDelaySeconds, boolean fullJitter) {

    public static Retrier from(Fields fields) {
        List<String> errorEquals = Catcher.errorEquals(fields);
        fields.raw("Comment");
        long interval = orDefault(fields.integer("IntervalSeconds", 1, 99_999_999), 1);
        long maxAttempts = orDefault(fields.integer("MaxAttempts", 0, 99_999_999), 3);
        Double backoff = fields.number("BackoffRate", 1.0, 1_000_000);
        Long maxDelay = fields.integer("MaxDelaySeconds", 1, 31_622_401);
        String jitter = fields.string("JitterStrategy");
        if (jitter != null && !jitter.equals("FULL") && !jitter.equals("NONE")) {
            throw fields.error("JitterStrategy must be FULL or NONE");
        }
        fields.done();
        return new Retrier(errorEquals, interval, maxAttempts, backoff == null ? 2.0 : backoff, maxDelay, "FULL".equals(jitter));
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    /**
     * The wait before retry number {@code retryNumber} (1 = first retry): IntervalSeconds × BackoffRate^(n-1),
     * capped at MaxDelaySeconds, then with FULL jitter a uniformly random share of it.
     */
    public Duration delayBefore(int retryNumber, RandomGenerator random) {
        double seconds = intervalSeconds * Math.pow(backoffRate, retryNumber - 1);
        if (maxDelaySeconds != null) {
            seconds = Math.min(seconds, maxDelaySeconds);
        }
        if (fullJitter) {
            seconds = seconds * random.nextDouble();
        }
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
    }
}
