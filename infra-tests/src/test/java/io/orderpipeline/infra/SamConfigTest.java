package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

/** samconfig.toml deploys what the template accepts: known parameters with allowed values. */
class SamConfigTest {

    private static final Pattern OVERRIDE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private static JsonNode config() throws IOException {
        return new TomlMapper().readTree(ProjectFiles.resolve("samconfig.toml").toFile());
    }

    private static Map<String, String> overrides(String text) {
        var values = new LinkedHashMap<String, String>();
        var m = OVERRIDE.matcher(text);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "prod"})
    void deployEnvironmentSetsEveryParameterToAnAllowedValue(String environment) throws IOException {
        var deploy = config().path(environment).path("deploy").path("parameters");
        assertThat(deploy.path("stack_name").asText()).startsWith("order-pipeline");
        assertThat(deploy.path("capabilities").asText()).contains("CAPABILITY_IAM");
        assertThat(deploy.path("resolve_s3").asBoolean()).isTrue();
        assertThat(deploy.path("confirm_changeset").asBoolean()).isTrue();

        var values = overrides(deploy.path("parameter_overrides").asText());
        var parameters = SamTemplate.load().parameters();
        assertThat(values.keySet()).as("overrides in [%s.deploy.parameters]", environment)
                .containsExactlyInAnyOrderElementsOf(parameters.keySet());
        values.forEach((name, value) -> {
            var parameter = Yamls.map(parameters.get(name));
            var allowed = parameter.get("AllowedValues");
            if (allowed != null) {
                assertThat(Yamls.list(allowed).stream().map(String::valueOf).toList()).as(name).contains(value);
            }
            if ("Number".equals(parameter.get("Type"))) {
                var number = Double.parseDouble(value);
                assertThat(number).as(name).isBetween(((Number) parameter.get("MinValue")).doubleValue(),
                        ((Number) parameter.get("MaxValue")).doubleValue());
            }
            if (parameter.get("AllowedPattern") != null) {
                assertThat(value).as(name).matches(String.valueOf(parameter.get("AllowedPattern")));
            }
        });
        assertThat(values.get("Stage")).isEqualTo(environment.equals("prod") ? "prod" : "dev");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "prod"})
    void environmentsDeployToTheirOwnStack(String environment) throws IOException {
        var stacks = List.of(config().path("default").path("deploy").path("parameters").path("stack_name").asText(),
                config().path("prod").path("deploy").path("parameters").path("stack_name").asText());
        assertThat(stacks).doesNotHaveDuplicates();
        assertThat(config().path(environment).path("remote_invoke").path("parameters").path("stack_name").asText())
                .isEqualTo(config().path(environment).path("deploy").path("parameters").path("stack_name").asText());
    }
}
