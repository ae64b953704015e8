package io.orderpipeline.bench.cost;

import io.orderpipeline.local.cost.CostEstimate;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;

import java.util.LinkedHashMap;
import java.util.Map;

/** Cost lines scaled to one million orders, side by side for several designs. */
public final class CostTable {

    private final Prices prices;
    private final Map<String, CostEstimate> perMillion = new LinkedHashMap<>();

    public CostTable(Prices prices) {
        this.prices = prices;
    }

    /** Adds a design measured on {@code orders} orders; its cost is scaled linearly to a million. */
    public CostEstimate add(String design, Usage usage, long orders) {
        CostEstimate measured = CostEstimate.of(usage, prices);
        double scale = 1_000_000.0 / orders;
        Map<String, Double> lines = new LinkedHashMap<>();
        measured.lines().forEach((line, dollars) -> lines.put(line, dollars * scale));
        CostEstimate scaled = new CostEstimate(prices, lines);
        perMillion.put(design, scaled);
        return scaled;
    }

    public void print(java.io.PrintStream out) {
        out.printf("%nCost per million orders, US$ (prices %s, %s, on-demand list, no free tier)%n",
                prices.region(), prices.asOf());
        out.printf("%-40s", "line");
        perMillion.keySet().forEach(d -> out.printf(" %16s", d));
        out.println();
        var lines = perMillion.values().iterator().next().lines().keySet();
        for (String line : lines) {
            out.printf("%-40s", line);
            perMillion.values().forEach(c -> out.printf(" %16.4f", c.lines().getOrDefault(line, 0.0)));
            out.println();
        }
        out.printf("%-40s", "TOTAL");
        perMillion.values().forEach(c -> out.printf(" %16.4f", c.total()));
        out.println();
    }
}
