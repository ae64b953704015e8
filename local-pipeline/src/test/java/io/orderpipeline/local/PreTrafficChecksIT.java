package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.InvocationResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's pre-traffic hook (PreTrafficHook, #23) lets a deployment through only when each function's new version
 * answers its sample request as CHECKS expects: the real handlers, in-process against the emulators, must answer
 * exactly that - otherwise every deploy would roll back. (The hook's own logic: infra-tests PreTrafficHookTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreTrafficChecksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    @Test
    void eachFunctionAnswersItsPreTrafficCheckAsTheHookExpects() throws Exception {
        var hook = pipeline.resolver().template().resource("PreTrafficHook");
        @SuppressWarnings("unchecked")
        var variables = (Map<String, Object>) ((Map<String, Object>) hook.property("Environment")).get("Variables");
        var checks = JSON.readTree(pipeline.resolver().resolveString(variables.get("CHECKS")));
        var checked = new ArrayList<String>();
        for (JsonNode check : checks) {
            var target = pipeline.functions().find(check.path("function").asText())
                    .orElseThrow(() -> new AssertionError("no function " + check.path("function")));
            var result = target.function().invoke(JSON.writeValueAsBytes(check.path("event")), target.qualifier());
            assertThat(result).as("%s's answer", target.function().spec().logicalId()).isInstanceOf(InvocationResult.Success.class);
            var answer = JSON.readTree(new String(((InvocationResult.Success) result).payload(), StandardCharsets.UTF_8));
            check.path("expect").fields().forEachRemaining(expected -> {
                var value = answer;
                for (var part : expected.getKey().split("\\.")) {
                    value = value.path(part);
                }
                assertThat(value).as("%s answered %s", target.function().spec().logicalId(), expected.getKey())
                        .isEqualTo(expected.getValue());
            });
            checked.add(target.function().spec().logicalId());
        }
        assertThat(checked).containsExactlyInAnyOrder("ValidatorFunction", "ReconcilerFunction", "RedriveFunction");
    }
}
