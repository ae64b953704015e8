package io.orderpipeline.local.cost;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostEstimateTest {

    private static Usage usage() {
        var counted = new EnumMap<Line, Double>(Line.class);
        counted.put(Line.STANDARD_TRANSITIONS, 1_000.0);
        counted.put(Line.EXPRESS_REQUESTS, 1_000_000.0);
        counted.put(Line.EXPRESS_DURATION, 1_000.0);
        counted.put(Line.DYNAMODB_TABLE_WRITES, 4_000_000.0);
        counted.put(Line.DYNAMODB_INDEX_WRITES, 2_000_000.0);
        counted.put(Line.DYNAMODB_READS, 8_000_000.0);
        counted.put(Line.SQS_REQUESTS, 2_500_000.0);
        counted.put(Line.S3_PUT_REQUESTS, 2_000.0);
        counted.put(Line.S3_GET_REQUESTS, 10_000.0);
        counted.put(Line.STATE_MACHINE_LOGS, 3.0);
        counted.put(Line.XRAY_TRACES, 200_000.0);
        return new Usage(counted, List.of(
                new Usage.FunctionUsage("ValidatorFunction", "arm64", 2_000_000, 100_000, 10, 1024L * 1024 * 1024),
                new Usage.FunctionUsage("Other", "x86_64", 0, 1_000, 0, 0)),
                Set.of("OrderPipeline ValidOrders {Service=order-validator}", "OrderPipeline ColdStart {Service=reconciler}"),
                0, 0);
    }

    @Test
    void eachLineIsItsQuantityTimesItsPrice() {
        var cost = CostEstimate.of(usage(), Prices.US_EAST_1);

        assertThat(cost.dollars(Line.STANDARD_TRANSITIONS)).isCloseTo(0.025, within(1e-9));
        assertThat(cost.dollars(Line.EXPRESS_REQUESTS)).isCloseTo(1.00, within(1e-9));
        assertThat(cost.dollars(Line.EXPRESS_DURATION)).isCloseTo(0.01667, within(1e-9));
        assertThat(cost.dollars(Line.LAMBDA_REQUESTS)).isCloseTo(0.40, within(1e-9));
        assertThat(cost.dollars(Line.LAMBDA_DURATION_ARM)).isCloseTo(100_000 * 0.0000133334, within(1e-9));
        assertThat(cost.dollars(Line.LAMBDA_DURATION_X86)).isCloseTo(1_000 * 0.0000166667, within(1e-9));
        assertThat(cost.dollars(Line.DYNAMODB_TABLE_WRITES)).isCloseTo(2.50, within(1e-9));
        assertThat(cost.dollars(Line.DYNAMODB_INDEX_WRITES)).isCloseTo(1.25, within(1e-9));
        assertThat(cost.dollars(Line.DYNAMODB_READS)).isCloseTo(1.00, within(1e-9));
        assertThat(cost.dollars(Line.SQS_REQUESTS)).isCloseTo(1.00, within(1e-9));
        assertThat(cost.dollars(Line.S3_PUT_REQUESTS)).isCloseTo(0.01, within(1e-9));
        assertThat(cost.dollars(Line.S3_GET_REQUESTS)).isCloseTo(0.004, within(1e-9));
        assertThat(cost.dollars(Line.STATE_MACHINE_LOGS)).isCloseTo(1.50, within(1e-9));
        assertThat(cost.dollars(Line.FUNCTION_LOGS)).isCloseTo(0.50, within(1e-9));
        assertThat(cost.dollars(Line.XRAY_TRACES)).isCloseTo(1.00, within(1e-9));
        assertThat(cost.dollars(Line.CUSTOM_METRICS)).isCloseTo(0.60, within(1e-9));
    }

    @Test
    void theWritesAreApartFromEverythingElseAndTheMonthlyMetricsApartFromTheWork() {
        var cost = CostEstimate.of(usage(), Prices.US_EAST_1);

        assertThat(cost.dynamoDbWrites()).isCloseTo(3.75, within(1e-9));
        assertThat(cost.total()).isCloseTo(cost.dynamoDbWrites() + cost.everythingButDynamoDbWrites(), within(1e-12));
        assertThat(cost.monthly()).isCloseTo(0.60, within(1e-9));
        assertThat(cost.total() + cost.monthly())
                .isCloseTo(cost.dollars().values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-12));
        var perMillion = cost.scaled(10);
        assertThat(perMillion.total()).isCloseTo(10 * cost.total(), within(1e-9));
        assertThat(perMillion.monthly()).isCloseTo(cost.monthly(), within(1e-12));
    }

    @Test
    void everyLineHasAPriceWithTheAwsPageItComesFromAndTheDayItWasChecked() {
        for (var line : Line.values()) {
            var price = Prices.US_EAST_1.price(line);
            assertThat(price.dollars()).as("%s", line).isPositive();
            assertThat(price.page()).as("%s", line).startsWith("https://aws.amazon.com/");
            assertThat(price.checked()).as("%s", line).isEqualTo(LocalDate.of(2026, 12, 7));
        }
    }

    @Test
    void usagesAddUpLineByLineAndMetricsOnce() {
        var twice = usage().plus(usage());

        for (var line : Line.values()) {
            double expected = line.monthly() ? usage().quantity(line) : 2 * usage().quantity(line);
            assertThat(twice.quantity(line)).as("%s", line).isCloseTo(expected, within(1e-6));
        }
        assertThat(Usage.of(Map.of(Line.S3_PUT_REQUESTS, 1.0)).quantity(Line.S3_PUT_REQUESTS)).isEqualTo(1.0);
    }
}
