package io.orderpipeline.local.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineSpecTest {

    @Test
    void functionsMergeGlobalsWithTheirOwnProperties() {
        var spec = PipelineSpec.from(Fixture.resolver(Map.of("LogLevel", "DEBUG")));
        var validator = spec.function("ValidatorFunction");
        assertThat(validator.handlerClass()).isEqualTo("io.orderpipeline.validator.ValidateBatchHandler");
        assertThat(validator.timeoutSeconds()).isEqualTo(60);
        assertThat(validator.memoryMb()).isEqualTo(1024);
        assertThat(validator.architecture()).isEqualTo("arm64");
        assertThat(validator.environment()).containsEntry("POWERTOOLS_SERVICE_NAME", "order-validator")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "OrderPipeline")
                .containsEntry("POWERTOOLS_LOG_LEVEL", "DEBUG");

        var redrive = spec.function("RedriveFunction");
        assertThat(redrive.timeoutSeconds()).isEqualTo(900);
        assertThat(redrive.memoryMb()).isEqualTo(512);
        assertThat(redrive.environment())
                .containsEntry("ORDERS_TABLE_NAME", "OrdersTable")
                .containsEntry("DLQ_URL", "http://127.0.0.1:9324/000000000000/OrdersDlq")
                .containsEntry("PARKING_QUEUE_URL", "http://127.0.0.1:9324/000000000000/OrdersParkingQueue")
                .containsEntry("WHERE", "arn:aws:s3:::orders-bucket/incoming/${literal}");
    }

    @Test
    void theDefinitionGetsItsSubstitutionsLikeSamDoes() throws Exception {
        var machine = PipelineSpec.from(Fixture.resolver(Map.of())).stateMachine();
        assertThat(machine.logicalId()).isEqualTo("OrderPipelineStateMachine");
        assertThat(machine.type()).isEqualTo("STANDARD");
        var definition = new ObjectMapper().readTree(machine.definition());
        var parameters = definition.at("/States/P/Parameters");
        assertThat(parameters.get("table").asText()).isEqualTo("OrdersTable");
        assertThat(parameters.get("fn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:ValidatorFunction:live");
        assertThat(parameters.get("max.$").asText()).isEqualTo("States.StringToJson('100')");
    }

    @Test
    void theEventPatternHasTheBucketResolved() throws Exception {
        var pattern = new ObjectMapper().readTree(PipelineSpec.from(Fixture.resolver(Map.of())).stateMachine().eventPattern());
        assertThat(pattern.at("/detail/bucket/name/0").asText()).isEqualTo("orders-bucket");
        assertThat(pattern.at("/detail/object/key/2/wildcard").asText()).isEqualTo("incoming/*.csv");
    }
}
