package io.orderpipeline.local.cost;

import java.time.LocalDate;

/**
 * On-demand list prices in US dollars for one region, as of a date (docs/local-pipeline.md has the same table).
 * Free tiers are left out: the estimate is the marginal cost of the work.
 */
public record Prices(LocalDate asOf, String region,
                     double standardStateTransition,
                     double expressRequest, double expressGbSecond,
                     double lambdaRequest, double lambdaArmGbSecond, double lambdaX86GbSecond,
                     double dynamoDbWriteRequestUnit, double dynamoDbReadRequestUnit,
                     double sqsRequest,
                     double s3PutRequest, double s3GetRequest) {

    /** us-east-1, looked up 2026-11-24 from the AWS pricing pages for each service. */
    public static final Prices US_EAST_1 = new Prices(LocalDate.of(2026, 11, 24), "us-east-1",
            0.025 / 1_000,               // Step Functions Standard: $0.025 per 1,000 state transitions
            1.00 / 1_000_000,            // Express: $1.00 per million requests
            0.00001667,                  // Express: $0.00001667 per GB-second (first 1,000 hours; 64 MB chunks)
            0.20 / 1_000_000,            // Lambda: $0.20 per million requests
            0.0000133334,                // Lambda Arm: $0.0000133334 per GB-second (first 7.5 billion GB-s)
            0.0000166667,                // Lambda x86: $0.0000166667 per GB-second
            0.625 / 1_000_000,           // DynamoDB on-demand: $0.625 per million write request units
            0.125 / 1_000_000,           // DynamoDB on-demand: $0.125 per million read request units
            0.40 / 1_000_000,            // SQS standard: $0.40 per million requests (64 KiB chunks)
            0.005 / 1_000,               // S3 Standard PUT/COPY/POST/LIST: $0.005 per 1,000
            0.0004 / 1_000);             // S3 Standard GET: $0.0004 per 1,000
}
