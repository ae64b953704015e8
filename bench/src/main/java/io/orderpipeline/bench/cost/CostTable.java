package io.orderpipeline.bench.cost;

import io.orderpipeline.local.cost.CostEstimate;
import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cost lines scaled to one million orders, side by side for several designs or settings, with each design's floor
 * (its DynamoDB writes, table and indexes) apart from everything else.
 */
public final class CostTable {

    private final Prices prices;
    private final Map<String, CostEstimate> perMillion = new LinkedHashMap<>();

    public CostTable(Prices prices) {
        this.prices = prices;
    }

    /** Adds a design measured on {@code orders} orders; its per-order lines are scaled linearly to a million. */
    public CostEstimate add(String design, Usage usage, long orders) {
        CostEstimate scaled = CostEstimate.of(usage, prices).scaled(1_000_000.0 / orders);
        perMillion.put(design, scaled);
        return scaled;
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nCost per million orders, US$ (%s on-demand list prices checked %s, no free tier)%n",
                prices.region(), prices.asOf());
        out.printf(Locale.ROOT, "%-40s", "line");
        perMillion.keySet().forEach(d -> out.printf(Locale.ROOT, " %22s", d));
        out.println();
        for (Line line : Line.values()) {
            if (line.monthly()) {
                continue;
            }
            out.printf(Locale.ROOT, "%-40s", line.label());
            perMillion.values().forEach(c -> out.printf(Locale.ROOT, " %22.4f", c.dollars(line)));
            out.println();
        }
        row(out, "TOTAL", CostEstimate::total);
        row(out, "  floor: DynamoDB writes (table, indexes)", CostEstimate::dynamoDbWrites);
        row(out, "  everything but the DynamoDB writes", CostEstimate::everythingButDynamoDbWrites);
        row(out, "monthly, not per order: custom metrics", CostEstimate::monthly);
    }

    private void row(PrintStream out, String label, java.util.function.ToDoubleFunction<CostEstimate> value) {
        out.printf(Locale.ROOT, "%-40s", label);
        perMillion.values().forEach(c -> out.printf(Locale.ROOT, " %22.4f", value.applyAsDouble(c)));
        out.println();
    }
}
