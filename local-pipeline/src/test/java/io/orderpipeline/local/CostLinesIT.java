package io.orderpipeline.local;

import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.cost.Line;
import io.orderpipeline.local.cost.Usage;
import io.orderpipeline.local.emulator.LocalEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line of the bill is measured from the run (issue #20): each one is there, and its quantity follows the work —
 * twice the orders, twice what grows per order; a log level changes the logs line; no index, no index writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostLinesIT {
    private LocalEnvironment environment;
    private LocalPipeline pipeline;

    @BeforeAll
    void start() {
        environment = LocalEnvironment.startOwn();
        pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options());
    }

    @AfterAll
    void stop() {
        pipeline.close();
        environment.close();
    }

    /** One file of {@code valid} valid and {@code invalid} invalid orders; its usage, the reconciler's included. */
    private static Usage run(LocalPipeline pipeline, String prefix, int valid, int invalid) {
        var outcome = pipeline.upload(OrderFiles.render(OrderFiles.orders(prefix, valid, invalid), Format.JSONL),
                "incoming/" + prefix + ".jsonl");
        var report = pipeline.report(outcome);
        assertThat(report.conserved()).isTrue();
        assertThat(report.read()).isEqualTo(valid + invalid);
        return outcome.usage().plus(report.reconcilerUsage(pipeline.tableIndexes()));
    }

    @Test
    void everyLineIsMeasuredAndFollowsTheNumberOfOrders() {
        // a pipeline of its own: the metrics it publishes are all new to it
        try (var pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options())) {
            everyLineIsMeasuredAndFollowsTheNumberOfOrders(pipeline);
        }
    }

    private void everyLineIsMeasuredAndFollowsTheNumberOfOrders(LocalPipeline pipeline) {
        var warm = run(pipeline, "WARM", 50, 5); // cold starts are not what is compared
        var small = run(pipeline, "SMALL", 400, 40);
        var large = run(pipeline, "LARGE", 800, 80);

        // per batch of 200 (the default): 3 children, then 5 (440 and 880 records)
        assertThat(small.quantity(Line.EXPRESS_REQUESTS)).isEqualTo(3);
        assertThat(large.quantity(Line.EXPRESS_REQUESTS)).isEqualTo(5);
        // the parent's own transitions do not depend on the file; one more per child
        assertThat(large.quantity(Line.STANDARD_TRANSITIONS) - small.quantity(Line.STANDARD_TRANSITIONS)).isEqualTo(2);
        // durations are local wall-clock times (noisy): each child is billed at least 100 ms at 64 MB
        assertThat(small.quantity(Line.EXPRESS_DURATION)).isGreaterThanOrEqualTo(3 * 0.1 * 64 / 1024);
        assertThat(large.quantity(Line.EXPRESS_DURATION)).isGreaterThanOrEqualTo(5 * 0.1 * 64 / 1024);
        // validator per child, reconciler twice per file
        assertThat(small.quantity(Line.LAMBDA_REQUESTS)).isEqualTo(3 + 2);
        assertThat(large.quantity(Line.LAMBDA_REQUESTS)).isEqualTo(5 + 2);
        // each invocation at least 1 ms at 1,024 MB
        assertThat(small.quantity(Line.LAMBDA_DURATION_ARM)).isGreaterThanOrEqualTo(5 * 0.001);
        assertThat(large.quantity(Line.LAMBDA_DURATION_ARM)).isGreaterThanOrEqualTo(7 * 0.001);
        assertThat(small.quantity(Line.LAMBDA_DURATION_X86)).isZero();
        // one unit per order on the table and one on the index (the items are under 1 KiB)
        assertThat(small.quantity(Line.DYNAMODB_TABLE_WRITES)).isEqualTo(400);
        assertThat(large.quantity(Line.DYNAMODB_TABLE_WRITES)).isEqualTo(800);
        assertThat(small.quantity(Line.DYNAMODB_INDEX_WRITES)).isEqualTo(400);
        assertThat(large.quantity(Line.DYNAMODB_INDEX_WRITES)).isEqualTo(800);
        // one request per invalid order sent to the DLQ
        assertThat(small.quantity(Line.SQS_REQUESTS)).isEqualTo(40);
        assertThat(large.quantity(Line.SQS_REQUESTS)).isEqualTo(80);
        // S3 works per file: the upload, the reads of the file and the map results, the reports
        assertThat(small.quantity(Line.S3_PUT_REQUESTS)).isPositive().isEqualTo(large.quantity(Line.S3_PUT_REQUESTS));
        assertThat(small.quantity(Line.S3_GET_REQUESTS)).isPositive().isEqualTo(large.quantity(Line.S3_GET_REQUESTS));
        // the validator's EMF lines per batch and Lambda's lines per invocation
        var smallLogs = small.functions().stream().filter(f -> f.name().equals("ValidatorFunction")).findFirst().orElseThrow();
        var largeLogs = large.functions().stream().filter(f -> f.name().equals("ValidatorFunction")).findFirst().orElseThrow();
        assertThat(largeLogs.logEvents() - smallLogs.logEvents()).as("two more invocations, 3 Lambda lines each")
                .isGreaterThanOrEqualTo(2 * 3);
        assertThat(large.quantity(Line.FUNCTION_LOGS)).isGreaterThan(small.quantity(Line.FUNCTION_LOGS));
        // the default sampling rule: each execution (the file's and its children) is traced at least 5% of the time,
        // and at most once
        assertThat(small.quantity(Line.XRAY_TRACES)).isBetween(0.05 * 4 - 1e-9, 4.0);
        assertThat(large.quantity(Line.XRAY_TRACES)).isBetween(0.05 * 6 - 1e-9, 6.0);
        // at ERROR, a clean run logs no history event, though it writes them
        assertThat(small.stateMachineEvents()).isPositive();
        assertThat(large.stateMachineEvents()).isGreaterThan(small.stateMachineEvents() * 19 / 10);
        assertThat(small.quantity(Line.STATE_MACHINE_LOGS)).isZero();
        // no reads on this path
        assertThat(small.quantity(Line.DYNAMODB_READS)).isZero();
        // custom metrics are per month: each distinct one once, and a new reason code is a new metric
        var metrics = warm.plus(small).plus(large).customMetrics();
        assertThat(metrics).anyMatch(m -> m.contains("InvalidOrdersByReason") && m.contains("TOTAL_MISMATCH"));
        // at the default log levels the metrics ReconciliationAlarm reads are still published (EMF has no level; their
        // dimensions depend on how this JVM's shared Powertools instance was first configured, so names only)
        assertThat(metrics).anyMatch(m -> m.startsWith("OrderPipeline OrdersUnaccounted "))
                .anyMatch(m -> m.startsWith("OrderPipeline OrdersAltered "))
                // and the one PipelineFailureAlarm subtracts, so a refused file rolls no deployment back
                .anyMatch(m -> m.startsWith("OrderPipeline FilesRejected "));
        var orders = OrderFiles.orders("REASON", 3, 0);
        orders.getFirst().remove("customerId");
        var outcome = pipeline.upload(OrderFiles.render(orders, Format.JSONL), "incoming/REASON.jsonl");
        assertThat(outcome.usage().customMetrics()).anyMatch(m -> m.contains("MISSING_FIELD"));
        assertThat(warm.plus(small).plus(large).plus(outcome.usage()).quantity(Line.CUSTOM_METRICS))
                .isGreaterThan(metrics.size());
    }

    @Test
    void theStateMachineLogLevelDecidesTheLogsLine() {
        try (var debugging = PipelineTestSupport.start(environment,
                PipelineTestSupport.options().withParameters(Map.of("StateMachineLogLevel", "ALL")))) {
            var small = run(debugging, "ALLS", 400, 0);
            var large = run(debugging, "ALLL", 800, 0);
            assertThat(small.stateMachineEventsLogged()).isEqualTo(small.stateMachineEvents());
            // about 7 events per order, each a few hundred bytes
            assertThat(small.quantity(Line.STATE_MACHINE_LOGS) * 1024 * 1024 * 1024 / 400).isBetween(1_000.0, 5_000.0);
            assertThat(large.quantity(Line.STATE_MACHINE_LOGS) / small.quantity(Line.STATE_MACHINE_LOGS)).isBetween(1.9, 2.1);
        }
        // at ERROR, a conflict (same orderId, other content) is a caught TaskFailed: logged, with its cause
        run(pipeline, "CONFLICT", 5, 0);
        var conflicting = OrderFiles.orders("CONFLICT", 5, 0);
        conflicting.forEach(order -> order.put("channel", "store"));
        var outcome = pipeline.upload(OrderFiles.render(conflicting, Format.JSONL), "incoming/CONFLICT-2.jsonl");
        assertThat(pipeline.report(outcome).dlqByReason()).isEqualTo(Map.of("DUPLICATE_ORDER_CONFLICT", 5L));
        assertThat(outcome.usage().stateMachineEventsLogged()).isEqualTo(5);
        assertThat(outcome.usage().quantity(Line.STATE_MACHINE_LOGS)).isPositive();
    }

    @Test
    void theValidatorsLogLevelDecidesWhatItsLinesCost() {
        try (var verbose = PipelineTestSupport.start(environment,
                PipelineTestSupport.options().withParameters(Map.of("ValidatorLogLevel", "INFO")))) {
            var info = validatorLogBytes(run(verbose, "INFO", 100, 50));
            var warn = validatorLogBytes(run(pipeline, "WARN", 100, 50));
            // INFO adds the batch line and one line per rejected order, each several hundred bytes
            assertThat(info - warn).isGreaterThan(50 * 300L);
        }
    }

    private static long validatorLogBytes(Usage usage) {
        return usage.functions().stream().filter(f -> f.name().equals("ValidatorFunction")).findFirst().orElseThrow()
                .logBytes();
    }

    @Test
    void withoutTheCustomerIndexTheTableHasNoIndexAndNoOrderIsWrittenTwice() {
        try (var own = LocalEnvironment.startOwn();
             var noIndex = PipelineTestSupport.start(own,
                     PipelineTestSupport.options().withParameters(Map.of("CustomerIndex", "NONE")))) {
            var table = own.clients().dynamoDb().describeTable(b -> b.tableName(noIndex.tableName())).table();
            assertThat(table.hasGlobalSecondaryIndexes()).isFalse();
            assertThat(table.attributeDefinitions()).singleElement()
                    .satisfies(a -> assertThat(a.attributeName()).isEqualTo("orderId"));

            var usage = run(noIndex, "NOINDEX", 300, 0);
            assertThat(usage.quantity(Line.DYNAMODB_TABLE_WRITES)).isEqualTo(300);
            assertThat(usage.quantity(Line.DYNAMODB_INDEX_WRITES)).isZero();
            assertThat(PipelineTestSupport.countItemsWithPrefix(noIndex, "ORD-NOINDEX")).isEqualTo(300);
        }
    }
}
