package io.orderpipeline.local.cost;

/**
 * The lines of the AWS bill this design runs up, each in the unit AWS prices it. Every line but
 * {@link #CUSTOM_METRICS} grows with the work; custom metrics are billed per metric and month, whatever the volume.
 */
public enum Line {
    STANDARD_TRANSITIONS("Step Functions standard transitions", "transitions"),
    EXPRESS_REQUESTS("Step Functions express requests", "requests"),
    EXPRESS_DURATION("Step Functions express duration", "GB-s"),
    LAMBDA_REQUESTS("Lambda requests", "requests"),
    LAMBDA_DURATION_ARM("Lambda duration (arm64)", "GB-s"),
    LAMBDA_DURATION_X86("Lambda duration (x86_64)", "GB-s"),
    DYNAMODB_TABLE_WRITES("DynamoDB writes, table", "WRU"),
    DYNAMODB_INDEX_WRITES("DynamoDB writes, indexes", "WRU"),
    DYNAMODB_READS("DynamoDB reads", "RRU"),
    SQS_REQUESTS("SQS requests", "requests"),
    S3_PUT_REQUESTS("S3 PUT/COPY/POST/LIST requests", "requests"),
    S3_GET_REQUESTS("S3 GET requests", "requests"),
    STATE_MACHINE_LOGS("CloudWatch Logs, state machine", "GB"),
    FUNCTION_LOGS("CloudWatch Logs, functions", "GB"),
    XRAY_TRACES("X-Ray traces recorded", "traces"),
    CUSTOM_METRICS("CloudWatch custom metrics (EMF)", "metric-months");

    private final String label;
    private final String unit;

    Line(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** Billed per month, not per unit of work: kept apart from the cost of the orders. */
    public boolean monthly() {
        return this == CUSTOM_METRICS;
    }

    /** The DynamoDB write lines: the floor of any design that stores each order. */
    public boolean dynamoDbWrite() {
        return this == DYNAMODB_TABLE_WRITES || this == DYNAMODB_INDEX_WRITES;
    }
}
