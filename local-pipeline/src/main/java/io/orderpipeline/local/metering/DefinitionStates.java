package io.orderpipeline.local.metering;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/**
 * The states of a definition by name, at every depth (Map item processors, Parallel branches), with what the history
 * of entering each one holds. State names are unique in the whole state machine (Amazon States Language), so a name
 * identifies a state.
 */
final class DefinitionStates {

    /**
     * @param type        the state's Type (Task, Map, Pass, ...)
     * @param distributed a Map in DISTRIBUTED mode (its children are executions of their own)
     * @param iterationOf for the first state of an inline Map's item processor: that Map's name (entering it starts
     *                    an iteration); null otherwise
     */
    record State(String type, boolean distributed, String iterationOf) {
    }

    private final Map<String, State> states;

    private DefinitionStates(Map<String, State> states) {
        this.states = Map.copyOf(states);
    }

    static DefinitionStates of(JsonNode definition) {
        var states = new HashMap<String, State>();
        collect(definition, null, states);
        return new DefinitionStates(states);
    }

    /** The state, or a Task-like default for a name the definition does not have (never fails the run). */
    State state(String name) {
        return states.getOrDefault(name, new State("Task", false, null));
    }

    private static void collect(JsonNode graph, String iterationOf, Map<String, State> states) {
        var startAt = graph.path("StartAt").asText(null);
        graph.path("States").properties().forEach(entry -> {
            var name = entry.getKey();
            var state = entry.getValue();
            var type = state.path("Type").asText("Task");
            var processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            var distributed = processor != null
                    && "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText());
            states.put(name, new State(type, distributed, name.equals(startAt) ? iterationOf : null));
            if (processor != null) {
                // a distributed Map's item processor runs in child executions: its first state starts no iteration
                collect(processor, distributed ? null : name, states);
            }
            state.path("Branches").forEach(branch -> collect(branch, null, states));
        });
    }
}
