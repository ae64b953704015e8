package io.orderpipeline.asl.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.AslExecutor;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.spi.TaskIntegration;

import java.util.Map;

/** Test helpers: JSON from text, an executor that never sleeps, one-call execution. */
public final class Asl {

    private static final ObjectMapper MAPPER = io.orderpipeline.asl.path.Json.MAPPER;

    private Asl() {
    }

    /** Parses JSON; single quotes stand for double quotes to keep definitions in tests readable. */
    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    /** JSON without the quote replacement (for values that contain single quotes). */
    public static JsonNode rawJson(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    public static AslExecutor.Builder fastExecutor() {
        return AslExecutor.builder().timeScale(0);
    }

    public static AslExecutor executorWith(Map<String, TaskIntegration> integrations) {
        return fastExecutor().integrations(integrations::get).build();
    }

    public static ExecutionResult run(String definition, String input) {
        return fastExecutor().build().execute(json(definition), json(input), ExecutionRequest.standard());
    }

    public static ExecutionResult run(AslExecutor executor, String definition, String input) {
        return executor.execute(json(definition), json(input), ExecutionRequest.standard());
    }

    /** The output of a run that must have SUCCEEDED (else the assertion shows the error and cause). */
    public static JsonNode outputOf(ExecutionResult result) {
        org.assertj.core.api.Assertions.assertThat(result.status()).as(result.toJson().toString())
                .isEqualTo(io.orderpipeline.asl.api.ExecutionStatus.SUCCEEDED);
        return result.output();
    }

    /** A one-state machine around {@code stateJson} (which must End). */
    public static String single(String stateJson) {
        return "{'StartAt':'S','States':{'S':" + stateJson + "}}";
    }
}
