package io.orderpipeline.local.metering;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The traces X-Ray records under its default sampling rule: "the first request each second, and five percent of any
 * additional requests" (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html). Each
 * request is a sampling decision; the count is the rule's expected value (1 for the first request of a second, 0.05 for
 * each other one), so it follows the run without randomness.
 * <p>
 * With tracing on, a state machine traces each execution, and the Lambda functions it calls join that trace (a
 * Distributed Map's children are counted as traces of their own: if AWS joins them to their parent's trace, the count
 * is an upper bound).
 */
public final class TraceSampler {
    static final double FIXED_RATE = 0.05;
    private static final long SCALE = 1_000_000;

    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<Long, AtomicLong> requestsBySecond = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /** Sampled traces, in millionths (the rate makes them fractional). */
    private final AtomicLong sampledMicros = new AtomicLong();

    public TraceSampler(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    public TraceSampler() {
        this(System::currentTimeMillis);
    }

    /** One request arrives now. */
    public void request() {
        requests.incrementAndGet();
        long second = clockMillis.getAsLong() / 1000;
        long nth = requestsBySecond.computeIfAbsent(second, s -> new AtomicLong()).incrementAndGet();
        sampledMicros.addAndGet(nth == 1 ? SCALE : Math.round(FIXED_RATE * SCALE));
        if (requestsBySecond.size() > 120) {
            requestsBySecond.keySet().removeIf(s -> s < second - 60);
        }
    }

    public long requests() {
        return requests.get();
    }

    /** Traces recorded (expected value). */
    public double traces() {
        return sampledMicros.get() / (double) SCALE;
    }
}
