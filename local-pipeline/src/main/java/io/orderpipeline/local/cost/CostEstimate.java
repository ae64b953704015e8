package io.orderpipeline.local.cost;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Dollars per bill line for one {@link Usage}, at one {@link Prices}: each line is its quantity times its price. */
public record CostEstimate(Prices prices, Map<Line, Double> dollars) {

    public CostEstimate {
        dollars = Collections.unmodifiableMap(new EnumMap<>(dollars));
    }

    public static CostEstimate of(Usage usage, Prices prices) {
        var dollars = new EnumMap<Line, Double>(Line.class);
        for (var line : Line.values()) {
            dollars.put(line, usage.quantity(line) * prices.price(line).dollars());
        }
        return new CostEstimate(prices, dollars);
    }

    public double dollars(Line line) {
        return dollars.getOrDefault(line, 0.0);
    }

    /** What the work itself cost: every line but the monthly ones. */
    public double total() {
        return sum(line -> !line.monthly());
    }

    /** The table's and the indexes' write request units: the floor of any design that stores each order. */
    public double dynamoDbWrites() {
        return sum(Line::dynamoDbWrite);
    }

    /** Orchestration, compute, queues, storage requests, reads, logs and traces: {@link #total()} without the writes. */
    public double everythingButDynamoDbWrites() {
        return sum(line -> !line.monthly() && !line.dynamoDbWrite());
    }

    /** What is billed per month whatever the volume (custom metrics), kept apart from {@link #total()}. */
    public double monthly() {
        return sum(Line::monthly);
    }

    /** The work's lines times {@code factor} (e.g. per million orders); the monthly lines as they are. */
    public CostEstimate scaled(double factor) {
        var scaled = new EnumMap<Line, Double>(Line.class);
        dollars.forEach((line, value) -> scaled.put(line, line.monthly() ? value : value * factor));
        return new CostEstimate(prices, scaled);
    }

    private double sum(java.util.function.Predicate<Line> which) {
        return dollars.entrySet().stream().filter(e -> which.test(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }
}
