package io.orderpipeline.bench.cost;

import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostTableTest {

    @Test
    void scalesTheMeasuredUsageToOneMillionOrders() {
        // 1,000 orders: 3 transitions each, one WRU each, nothing else.
        Usage usage = new Usage(3_000, 0, 0, List.of(), 1_000, 0, 0, 0, 0);

        var perMillion = new CostTable(Prices.US_EAST_1).add("naive", usage, 1_000);

        assertThat(perMillion.lines().get("Step Functions standard transitions")).isCloseTo(75.0, within(1e-9));
        assertThat(perMillion.lines().get("DynamoDB writes")).isCloseTo(0.625, within(1e-9));
        assertThat(perMillion.total()).isCloseTo(75.625, within(1e-9));
    }
}
