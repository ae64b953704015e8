package io.orderpipeline.local.metering;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionLogTest {
    private static final String INFO = "{\"level\":\"INFO\",\"message\":\"batch validated\",\"received\":200}";
    private static final String WARN = "{\"level\":\"WARN\",\"message\":\"file rejected\"}";
    private static final String EMF = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"OrderPipeline\","
            + "\"Metrics\":[{\"Name\":\"InvalidOrdersByReason\",\"Unit\":\"Count\"}],\"Dimensions\":[[\"reasonCode\"],"
            + "[\"Service\",\"reasonCode\"]]}]},\"Service\":\"order-pipeline-local\",\"reasonCode\":\"MISSING_FIELD\","
            + "\"InvalidOrdersByReason\":1.0}";

    private static long bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length + 26;
    }

    @Test
    void linesBelowTheFunctionsLevelAreNotSentAndTheOthersAreMeteredWithTheirOverhead() {
        var warn = new FunctionLog("ValidatorFunction", "order-validator", "WARN");
        assertThat(warn.accept(INFO)).isFalse();
        assertThat(warn.accept(WARN)).isTrue();
        assertThat(warn.accept(EMF)).as("EMF lines have no level: always sent").isTrue();
        assertThat(warn.events()).isEqualTo(2);
        assertThat(warn.bytes()).isEqualTo(bytes(WARN) + bytes(EMF));
        assertThat(warn.dropped()).isEqualTo(1);

        var info = new FunctionLog("ValidatorFunction", "order-validator", null);
        assertThat(info.accept(INFO)).isTrue();
        assertThat(info.bytes()).isEqualTo(bytes(INFO));
    }

    @Test
    void eachInvocationAddsLambdasStartEndAndReportLines() {
        var log = new FunctionLog("ValidatorFunction", "order-validator", "ERROR");
        log.invoked("0aff3372-bc3b-417c-9aa8-da055ee3e6c4", "live", 12, 13, 1024);
        log.invoked("0aff3372-bc3b-417c-9aa8-da055ee3e6c5", "live", 12, 13, 1024);

        assertThat(log.events()).isEqualTo(6);
        assertThat(log.bytes()).isBetween(2 * (3 * 26 + 180L), 2 * (3 * 26 + 300L));
    }

    @Test
    void anEmfLinePublishesOneMetricPerDimensionSetWithTheFunctionsServiceName() {
        var metrics = FunctionLog.emfMetrics(EMF, "order-validator");

        assertThat(metrics).containsExactlyInAnyOrder(
                "OrderPipeline InvalidOrdersByReason {reasonCode=MISSING_FIELD}",
                "OrderPipeline InvalidOrdersByReason {Service=order-validator, reasonCode=MISSING_FIELD}");
        var log = new FunctionLog("ValidatorFunction", "order-validator", "WARN");
        log.accept(EMF);
        log.accept(EMF.replace("MISSING_FIELD", "TOTAL_MISMATCH"));
        assertThat(log.metrics()).hasSize(4);
    }
}
