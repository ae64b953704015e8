package io.orderpipeline.asl.choice;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.StatesError;

/** Evaluates one Choice rule (a comparison, or And / Or / Not of rules) against the state input. */
public final class ChoiceRules {

    private ChoiceRules() {
    }

    /**
     * @param rule  one element of a Choice state's {@code Choices} (its {@code Next} is ignored here)
     * @param paths resolves {@code Variable} and {@code …Path} operands
     * @throws StatesError {@code States.Runtime} for an invalid rule or a path that matches nothing, as AWS reports it
     */
    public static boolean matches(JsonNode rule, PathResolver paths) throws StatesError {
        throw new UnsupportedOperationException("Choice rules are not implemented yet");
    }
}
