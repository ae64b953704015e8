package io.orderpipeline.local.cost;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * On-demand list prices in US dollars for one region, one per {@link Line}, each with the AWS pricing page it comes
 * from and the day it was checked (docs/performance.md §5 has the same table). Free tiers are left out: the estimate is
 * the marginal cost of the work. Every line is at the first volume tier (the highest price).
 */
public record Prices(String region, Map<Line, Price> byLine) {

    /**
     * @param dollars per one {@link Line#unit()} of the line
     * @param page    the AWS pricing page (or documentation page) that states it
     */
    public record Price(double dollars, String page, LocalDate checked) {
    }

    private static final LocalDate CHECKED = LocalDate.of(2026, 12, 7);
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final String STEP_FUNCTIONS = "https://aws.amazon.com/step-functions/pricing/";
    private static final String LAMBDA = "https://aws.amazon.com/lambda/pricing/";
    private static final String DYNAMODB = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
    private static final String SQS = "https://aws.amazon.com/sqs/pricing/";
    private static final String S3 = "https://aws.amazon.com/s3/pricing/";
    private static final String CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
    private static final String XRAY = "https://aws.amazon.com/xray/pricing/";

    public Prices {
        byLine = Map.copyOf(byLine);
        for (var line : Line.values()) {
            if (!byLine.containsKey(line)) {
                throw new IllegalArgumentException("no price for " + line);
            }
        }
    }

    /** us-east-1, checked 2026-12-07 on each service's pricing page. */
    public static final Prices US_EAST_1 = new Prices("us-east-1", usEast1());

    private static Map<Line, Price> usEast1() {
        var prices = new EnumMap<Line, Price>(Line.class);
        // Standard: $0.025 per 1,000 state transitions, retries included; a Distributed Map child is one transition
        // (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-transitions.html)
        prices.put(Line.STANDARD_TRANSITIONS, price(0.025 / 1_000, STEP_FUNCTIONS));
        // Express: $1.00 per million requests; $0.00001667 per GB-second for the first 1,000 hours of GB-s a month,
        // duration rounded up to 100 ms, memory billed in 64 MB chunks
        prices.put(Line.EXPRESS_REQUESTS, price(1.00 / 1_000_000, STEP_FUNCTIONS));
        prices.put(Line.EXPRESS_DURATION, price(0.00001667, STEP_FUNCTIONS));
        // $0.20 per million requests; arm64 $0.0000133334 per GB-s (first 7.5 billion GB-s a month), x86 $0.0000166667
        prices.put(Line.LAMBDA_REQUESTS, price(0.20 / 1_000_000, LAMBDA));
        prices.put(Line.LAMBDA_DURATION_ARM, price(0.0000133334, LAMBDA));
        prices.put(Line.LAMBDA_DURATION_X86, price(0.0000166667, LAMBDA));
        // on-demand: $0.625 per million write request units, $0.125 per million read request units; a global
        // secondary index's writes are write request units too
        prices.put(Line.DYNAMODB_TABLE_WRITES, price(0.625 / 1_000_000, DYNAMODB));
        prices.put(Line.DYNAMODB_INDEX_WRITES, price(0.625 / 1_000_000, DYNAMODB));
        prices.put(Line.DYNAMODB_READS, price(0.125 / 1_000_000, DYNAMODB));
        // standard queues: $0.40 per million requests, each 64 KB chunk of a payload is one request
        prices.put(Line.SQS_REQUESTS, price(0.40 / 1_000_000, SQS));
        // S3 Standard: PUT, COPY, POST, LIST $0.005 per 1,000; GET, SELECT $0.0004 per 1,000
        prices.put(Line.S3_PUT_REQUESTS, price(0.005 / 1_000, S3));
        prices.put(Line.S3_GET_REQUESTS, price(0.0004 / 1_000, S3));
        // Logs: $0.50 per GB ingested, both for the Standard log class and for the first 10 TB of vended logs, the
        // rate Step Functions and Lambda logs are billed at (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html)
        prices.put(Line.STATE_MACHINE_LOGS, price(0.50, CLOUDWATCH));
        prices.put(Line.FUNCTION_LOGS, price(0.50, CLOUDWATCH));
        // $5.00 per million traces recorded
        prices.put(Line.XRAY_TRACES, price(5.00 / 1_000_000, XRAY));
        // $0.30 per metric per month for the first 10,000 metrics, prorated by the hour (EMF metrics are custom metrics)
        prices.put(Line.CUSTOM_METRICS, price(0.30, CLOUDWATCH));
        return prices;
    }

    private static Price price(double dollars, String page) {
        return new Price(dollars, page, CHECKED);
    }

    public Price price(Line line) {
        return byLine.get(line);
    }

    /** The day the prices were checked (all lines share it). */
    public LocalDate asOf() {
        return byLine.values().stream().map(Price::checked).max(LocalDate::compareTo).orElseThrow();
    }

    /** Bytes to the GB CloudWatch Logs bills (2^30 bytes). */
    public static double gigabytes(double bytes) {
        return bytes / GIB;
    }
}
