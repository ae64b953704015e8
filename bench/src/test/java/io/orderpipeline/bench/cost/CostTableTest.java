package io.orderpipeline.bench.cost;

import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Prices;
import io.orderpipeline.local.cost.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostTableTest {

    @Test
    void scalesTheMeasuredUsageToOneMillionOrdersAndKeepsTheMonthlyLineAsItIs() {
        // 1,000 orders: 3 transitions each, one WRU each on the table and one on the index; 2 custom metrics.
        var usage = new Usage(Map.of(Line.STANDARD_TRANSITIONS, 3_000.0, Line.DYNAMODB_TABLE_WRITES, 1_000.0,
                Line.DYNAMODB_INDEX_WRITES, 1_000.0), List.of(), Set.of("a", "b"), 0, 0);

        var perMillion = new CostTable(Prices.US_EAST_1).add("naive", usage, 1_000);

        assertThat(perMillion.dollars(Line.STANDARD_TRANSITIONS)).isCloseTo(75.0, within(1e-9));
        assertThat(perMillion.dynamoDbWrites()).isCloseTo(1.25, within(1e-9));
        assertThat(perMillion.everythingButDynamoDbWrites()).isCloseTo(75.0, within(1e-9));
        assertThat(perMillion.total()).isCloseTo(76.25, within(1e-9));
        assertThat(perMillion.monthly()).isCloseTo(0.60, within(1e-9));
    }

    @Test
    void settingsAreANameAndTheTemplateParametersTheyOverride() {
        assertThat(CostBenchmark.settings("before:StateMachineLogLevel=ALL, MaxItemsPerBatch=100"))
                .isEqualTo(Map.of("before", Map.of("StateMachineLogLevel", "ALL", "MaxItemsPerBatch", "100")));
        assertThat(CostBenchmark.settings("defaults:")).isEqualTo(Map.of("defaults", Map.of()));
    }
}
