package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;

/** A state's output and where to go next ({@code next == null}: the graph ends). */
public record StepResult(JsonNode output, String next) {
}
