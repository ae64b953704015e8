package io.orderpipeline.bench.report;

import java.util.Locale;

/**
 * One line of the run-all summary table, printed by each benchmark as
 * {@code SUMMARY|item|measure|value|baseline|ratio|target|verdict}; bench/run-all.sh collects them.
 */
public record Summary(String item, String measure, String value, String baseline, String ratio, String target,
                      String verdict) {

    public static final String PREFIX = "SUMMARY|";

    public void print() {
        print(System.out);
    }

    public void print(java.io.PrintStream out) {
        out.println(PREFIX + String.join("|", item, measure, value, baseline, ratio, target, verdict));
    }

    /** "PASS"/"MISS" for a value that must be at most {@code limit}. */
    public static String atMost(double value, double limit) {
        return value <= limit ? "PASS" : "MISS";
    }

    /** "PASS"/"MISS" for a value that must be at least {@code floor}. */
    public static String atLeast(double value, double floor) {
        return value >= floor ? "PASS" : "MISS";
    }

    public static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
