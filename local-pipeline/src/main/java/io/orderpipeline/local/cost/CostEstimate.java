package io.orderpipeline.local.cost;

import java.util.LinkedHashMap;
import java.util.Map;

/** Dollars per service line for one {@link Usage}, at one {@link Prices}. */
public record CostEstimate(Prices prices, Map<String, Double> lines) {

    public double total() {
        return lines.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public static CostEstimate of(Usage usage, Prices prices) {
        var lines = new LinkedHashMap<String, Double>();
        lines.put("Step Functions standard transitions", usage.standardStateTransitions() * prices.standardStateTransition());
        lines.put("Step Functions express requests", usage.expressRequests() * prices.expressRequest());
        lines.put("Step Functions express duration", usage.expressBilledGbSeconds() * prices.expressGbSecond());
        lines.put("Lambda requests", usage.lambdaInvocations() * prices.lambdaRequest());
        lines.put("Lambda duration", usage.functions().stream().mapToDouble(f -> f.gbSeconds()
                * ("arm64".equals(f.architecture()) ? prices.lambdaArmGbSecond() : prices.lambdaX86GbSecond())).sum());
        lines.put("DynamoDB writes", usage.dynamoDbWriteUnits() * prices.dynamoDbWriteRequestUnit());
        lines.put("DynamoDB reads", usage.dynamoDbReadUnits() * prices.dynamoDbReadRequestUnit());
        lines.put("SQS requests", usage.sqsRequests() * prices.sqsRequest());
        lines.put("S3 requests", usage.s3PutRequests() * prices.s3PutRequest() + usage.s3GetRequests() * prices.s3GetRequest());
        return new CostEstimate(prices, Map.copyOf(lines).isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(lines));
    }
}
