package io.orderpipeline.local.cost;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostEstimateTest {

    @Test
    void eachServiceLineIsItsCountTimesItsPrice() {
        var usage = new Usage(1_000, 1_000_000, 1_000, List.of(
                new Usage.FunctionUsage("ValidatorFunction", "arm64", 2_000_000, 100_000),
                new Usage.FunctionUsage("Other", "x86_64", 0, 1_000)),
                4_000_000, 0, 2_500_000, 2_000, 10_000);
        var cost = CostEstimate.of(usage, Prices.US_EAST_1);

        assertThat(cost.lines().get("Step Functions standard transitions")).isCloseTo(0.025, within(1e-9));
        assertThat(cost.lines().get("Step Functions express requests")).isCloseTo(1.00, within(1e-9));
        assertThat(cost.lines().get("Step Functions express duration")).isCloseTo(0.01667, within(1e-9));
        assertThat(cost.lines().get("Lambda requests")).isCloseTo(0.40, within(1e-9));
        assertThat(cost.lines().get("Lambda duration")).isCloseTo(100_000 * 0.0000133334 + 1_000 * 0.0000166667, within(1e-9));
        assertThat(cost.lines().get("DynamoDB writes")).isCloseTo(2.50, within(1e-9));
        assertThat(cost.lines().get("SQS requests")).isCloseTo(1.00, within(1e-9));
        assertThat(cost.lines().get("S3 requests")).isCloseTo(0.01 + 0.004, within(1e-9));
        assertThat(cost.total()).isCloseTo(cost.lines().values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-12));
    }
}
