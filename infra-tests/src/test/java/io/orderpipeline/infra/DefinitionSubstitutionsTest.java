package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DefinitionSubstitutionsTest {

    private final SamTemplate template = SamTemplate.load();
    private final AslDefinition asl = AslDefinition.load();

    private Map<String, Object> substitutions() {
        return Yamls.map(template.resource("OrderPipelineStateMachine").properties().get("DefinitionSubstitutions"));
    }

    @Test
    void everyPlaceholderInTheDefinitionHasASubstitution() {
        assertThat(substitutions().keySet())
                .as("DefinitionSubstitutions keys")
                .containsAll(asl.placeholders());
    }

    @Test
    void everySubstitutionIsUsedByTheDefinition() {
        assertThat(asl.placeholders())
                .as("${...} placeholders in " + AslDefinition.PATH)
                .containsAll(substitutions().keySet());
    }

    @Test
    void substitutionsNameTheResourcesAndParametersTheDesignFixes() {
        // The local pipeline resolves these by name, so they are part of the contract, not a detail.
        var expected = Map.of(
                "OrdersTableName", "OrdersTable",
                "DlqUrl", "OrdersDlq",
                "ValidatorFunctionArn", "ValidatorFunction.Alias",
                "ReconcilerFunctionArn", "ReconcilerFunction.Alias",
                "OrdersBucketName", "OrdersBucket",
                "MaxItemsPerBatch", "MaxItemsPerBatch",
                "MaxInputBytesPerBatch", "MaxInputBytesPerBatch",
                "MaxConcurrency", "MaxConcurrency");
        var actual = new java.util.TreeMap<String, String>();
        substitutions().forEach((name, value) -> {
            var ref = Intrinsic.of(value);
            actual.put(name, ref != null && ref.function().equals("Ref") ? String.valueOf(ref.argument()) : "not a Ref: " + value);
        });
        assertThat(actual).isEqualTo(new java.util.TreeMap<>(expected));
    }

    @Test
    void everySubstitutedReferenceExistsInTheTemplate() {
        var resources = template.resources();
        var parameters = template.parameters();
        substitutions().forEach((name, value) -> {
            for (var reference : Intrinsic.references(value)) {
                if (reference.endsWith(".Alias")) {
                    var function = reference.substring(0, reference.length() - ".Alias".length());
                    assertThat(resources).as(name + " -> " + reference).containsKey(function);
                    assertThat(template.functionProperty(function, "AutoPublishAlias"))
                            .as("%s refers to %s, which needs AutoPublishAlias", name, reference)
                            .isPresent();
                } else {
                    assertThat(resources.containsKey(reference) || parameters.containsKey(reference))
                            .as("%s refers to %s, which is neither a resource nor a parameter", name, reference)
                            .isTrue();
                }
            }
        });
    }

    @Test
    void numericLimitsAreParsedFromStringsInTheFirstState() {
        // CloudFormation substitutes text; the Map needs numbers, so DescribeSource turns each into one.
        var limits = asl.state("DescribeSource").body().path("Parameters").path("limits");
        assertThat(limits.path("maxItemsPerBatch.$").asText()).isEqualTo("States.StringToJson('${MaxItemsPerBatch}')");
        assertThat(limits.path("maxInputBytesPerBatch.$").asText())
                .isEqualTo("States.StringToJson('${MaxInputBytesPerBatch}')");
        assertThat(limits.path("maxConcurrency.$").asText()).isEqualTo("States.StringToJson('${MaxConcurrency}')");
    }
}
