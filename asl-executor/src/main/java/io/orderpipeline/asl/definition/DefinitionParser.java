package io.orderpipeline.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.AslDefinitionException;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.states.ChoiceState;
import io.orderpipeline.asl.states.DistributedMapState;
import io.orderpipeline.asl.states.FailState;
import io.orderpipeline.asl.states.ItemProcessor;
import io.orderpipeline.asl.states.MapState;
import io.orderpipeline.asl.states.ParallelState;
import io.orderpipeline.asl.states.PassState;
import io.orderpipeline.asl.states.State;
import io.orderpipeline.asl.states.StateGraph;
import io.orderpipeline.asl.states.SucceedState;
import io.orderpipeline.asl.states.TaskState;
import io.orderpipeline.asl.states.WaitState;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses and validates a JSONPath ASL definition: every field is known (or rejected as unsupported, naming field and
 * state), StartAt and every Next/Default/Catch target exist in their own graph, every non-terminal state has Next or
 * End, and every Task resource resolves to an integration.
 */
public final class DefinitionParser {

    private final Function<String, TaskIntegration> integrations;
    private final boolean hasObjectStore;

    public DefinitionParser(Function<String, TaskIntegration> integrations, boolean hasObjectStore) {
        this.integrations = integrations;
        this.hasObjectStore = hasObjectStore;
    }

    /** @throws AslDefinitionException when the definition is invalid or uses something unsupported */
    public StateGraph stateMachine(JsonNode definition) {
        var fields = new Fields("Definition", definition);
        fields.raw("Comment");
        fields.raw("Version");
        checkQueryLanguage(fields);
        fields.unsupported("a state machine timeout is not implemented", "TimeoutSeconds");
        return graph(fields, "Definition");
    }

    /** A Parallel branch or a Map's processor (StartAt, States, Comment). */
    public StateGraph graph(JsonNode json, String where) {
        var fields = new Fields(where, json);
        fields.raw("Comment");
        return graph(fields, where);
    }

    private StateGraph graph(Fields fields, String where) {
        String startAt = fields.requiredString("StartAt");
        var statesJson = fields.object("States");
        if (statesJson == null || statesJson.isEmpty()) {
            throw fields.error("'States' must be a non-empty object");
        }
        fields.done();
        Map<String, State> states = new LinkedHashMap<>();
        for (var entry : statesJson.properties()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.length() > 80) {
                throw new AslDefinitionException(where + ": state name '" + name + "' must be 1-80 characters");
            }
            states.put(name, state(name, entry.getValue()));
        }
        if (!states.containsKey(startAt)) {
            throw new AslDefinitionException(where + ": StartAt '" + startAt + "' is not a state of this graph");
        }
        boolean anyEnd = false;
        for (State state : states.values()) {
            for (String target : state.transitions()) {
                if (!states.containsKey(target)) {
                    throw new AslDefinitionException("State '" + state.name() + "': Next '" + target
                            + "' is not a state of the same graph");
                }
            }
            anyEnd |= state.mayEnd();
        }
        if (!anyEnd) {
            throw new AslDefinitionException(where + ": no terminal state (End: true, Succeed or Fail)");
        }
        return new StateGraph(startAt, states);
    }

    private State state(String name, JsonNode json) {
        var fields = new Fields("State '" + name + "'", json);
        String type = fields.requiredString("Type");
        fields.raw("Comment");
        checkQueryLanguage(fields);
        State state = switch (type) {
            case "Pass" -> PassState.from(name, fields);
            case "Task" -> TaskState.from(name, fields, integrations);
            case "Choice" -> ChoiceState.from(name, fields);
            case "Wait" -> WaitState.from(name, fields);
            case "Succeed" -> SucceedState.from(name, fields);
            case "Fail" -> FailState.from(name, fields);
            case "Parallel" -> ParallelState.from(name, fields, this);
            case "Map" -> map(name, fields);
            default -> throw fields.error("Type '" + type + "' is not a state type");
        };
        fields.done();
        return state;
    }

    private State map(String name, Fields fields) {
        ItemProcessor processor = ItemProcessor.from(fields, this);
        return processor.distributed()
                ? DistributedMapState.from(name, fields, processor, hasObjectStore)
                : MapState.from(name, fields, processor);
    }

    private static void checkQueryLanguage(Fields fields) {
        String language = fields.string("QueryLanguage");
        if (language != null && !language.equals("JSONPath")) {
            throw fields.error("QueryLanguage '" + language + "' is not supported by this executor (only JSONPath)");
        }
    }
}
