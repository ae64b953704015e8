package io.orderpipeline.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.local.template.StateMachineSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The naive definition must be one the executor accepts, with exactly the integrations the cost comparison counts. */
class NaiveDefinitionTest {

    private static final Set<String> RESOURCES = Set.of(NaiveDesign.GET_OBJECT, "arn:aws:states:::lambda:invoke",
            "arn:aws:states:::dynamodb:putItem", "arn:aws:states:::sqs:sendMessage");

    @Test
    void theExecutorAcceptsTheNaiveDefinition() throws IOException {
        TaskIntegration unused = (resource, parameters, context) -> parameters;
        AslExecutor executor = AslExecutor.builder()
                .integrations(resource -> RESOURCES.contains(resource) ? unused : null).build();

        assertThatCode(() -> executor.validate(definition())).doesNotThrowAnyException();
    }

    @Test
    void itIsOneStandardInlineMapFedByGetObject() throws IOException {
        JsonNode definition = definition();
        assertThat(definition.at("/States/ReadFile/Resource").asText()).isEqualTo(NaiveDesign.GET_OBJECT);
        assertThat(definition.at("/States/EachOrder/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("INLINE");
    }

    private static JsonNode definition() throws IOException {
        String text = Files.readString(Path.of("naive/naive-pipeline.asl.json"));
        return new ObjectMapper().readTree(StateMachineSpec.substitute(text, Map.of(
                "ValidatorFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:ValidatorFunction:live",
                "OrdersTableName", "OrdersTable",
                "DlqUrl", "http://localhost:9324/000000000000/OrdersDlq")));
    }
}
