package io.orderpipeline.local.template;

import io.orderpipeline.cfn.Template;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's own template.yaml, read the way the local pipeline reads it. */
class ProjectTemplateTest {
    private final PipelineSpec spec;

    ProjectTemplateTest() throws Exception {
        spec = PipelineSpec.from(new TemplateResolver(Template.load(ProjectFiles.template()), Fixture.NAMES, Map.of()));
    }

    @Test
    void everyPlaceholderOfTheDefinitionIsSubstituted() throws Exception {
        var machine = spec.stateMachine();
        assertThat(machine.substitutions()).containsKeys("OrdersTableName", "DlqUrl", "ValidatorFunctionArn",
                "OrdersBucketName", "MaxItemsPerBatch", "MaxInputBytesPerBatch", "MaxConcurrency");
        assertThat(machine.definition()).doesNotContain("${");
        assertThat(machine.substitutions().get("ValidatorFunctionArn")).endsWith(":function:ValidatorFunction:live");
        assertThat(machine.arn()).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:order-pipeline-local-order-pipeline");
    }

    @Test
    void theFunctionsGetTheirHandlersAndResolvedEnvironment() {
        assertThat(spec.function("ValidatorFunction").handlerClass()).isEqualTo("io.orderpipeline.validator.ValidateBatchHandler");
        assertThat(spec.function("ValidatorFunction").architecture()).isEqualTo("arm64");
        var redrive = spec.function("RedriveFunction");
        assertThat(redrive.handlerClass()).isEqualTo("io.orderpipeline.redrive.RedriveHandler");
        assertThat(redrive.environment())
                .containsEntry("ORDERS_TABLE_NAME", "OrdersTable")
                .containsEntry("DLQ_URL", "http://127.0.0.1:9324/000000000000/OrdersDlq")
                .containsEntry("PARKING_QUEUE_URL", "http://127.0.0.1:9324/000000000000/OrdersParkingQueue")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "OrderPipeline")
                .containsKey("REDRIVE_MAX_ATTEMPTS");
    }
}
