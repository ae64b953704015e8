package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/** The workflow variables visible to a state, by name. */
@FunctionalInterface
public interface VariableLookup {

    VariableLookup NONE = name -> Optional.empty();

    Optional<JsonNode> variable(String name);

    /** Every visible variable by name (JSONata binds the ones an expression names). */
    default Map<String, JsonNode> visible() {
        return Map.of();
    }
}
