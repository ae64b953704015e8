package io.orderpipeline.lambda.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionEnvironmentTest {

    private final Map<String, String> env = Map.of("SET", "  value ", "BLANK", "   ");

    @Test
    void aValueIsTrimmedAndABlankOneCountsAsUnset() {
        assertThat(FunctionEnvironment.optional(env, "SET")).isEqualTo("value");
        assertThat(FunctionEnvironment.optional(env, "BLANK")).isNull();
        assertThat(FunctionEnvironment.optional(env, "ABSENT")).isNull();
    }

    @Test
    void aMissingRequiredVariableIsNamed() {
        assertThat(FunctionEnvironment.required(env, "SET")).isEqualTo("value");
        assertThatThrownBy(() -> FunctionEnvironment.required(env, "BLANK"))
                .isInstanceOf(IllegalStateException.class).hasMessage("environment variable BLANK is not set");
    }
}
