package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.QueryLanguage;
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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses and validates an ASL definition (JSONPath or JSONata, per state machine and per state): every field is known (or rejected as unsupported, naming field and
 * state), StartAt and every Next/Default/Catch target exist in their own graph, every non-terminal state has Next or
 * End, every Task resource resolves to an integration, and no variable is assigned both in a scope and in a scope
 * nested in it. Nested graphs (Parallel branches, Map processors) are parsed here and handed to their states.
 */
final class DefinitionParser {

    private final Function<String, TaskIntegration> integrations;
    private final boolean hasObjectStore;
    private QueryLanguage machineLanguage = QueryLanguage.JSONPATH;

    DefinitionParser(Function<String, TaskIntegration> integrations, boolean hasObjectStore) {
        this.integrations = integrations;
        this.hasObjectStore = hasObjectStore;
    }

    /** @throws AslDefinitionException when the definition is invalid or uses something unsupported */
    public StateGraph stateMachine(JsonNode definition) {
        var fields = new Fields("Definition", definition);
        fields.raw("Comment");
        fields.raw("Version");
        machineLanguage = language(fields, QueryLanguage.JSONPATH);
        fields.unsupported("a state machine timeout is not implemented", "TimeoutSeconds");
        StateGraph machine = graph(fields, "Definition");
        VariableScopes.check(machine);
        return machine;
    }

    /** A Parallel branch or a Map's processor (StartAt, States, Comment). */
    private StateGraph graph(JsonNode json, String where) {
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
        String where = "State '" + name + "'";
        var language = language(new Fields(where, json), machineLanguage);
        var fields = new Fields(where, json, language);
        fields.raw("QueryLanguage");
        String type = fields.requiredString("Type");
        fields.raw("Comment");
        State state = switch (type) {
            case "Pass" -> PassState.from(name, fields);
            case "Task" -> TaskState.from(name, fields, integrations);
            case "Choice" -> ChoiceState.from(name, fields);
            case "Wait" -> WaitState.from(name, fields);
            case "Succeed" -> SucceedState.from(name, fields);
            case "Fail" -> FailState.from(name, fields);
            case "Parallel" -> ParallelState.from(name, fields, branches(fields));
            case "Map" -> map(name, fields);
            default -> throw fields.error("Type '" + type + "' is not a state type");
        };
        fields.done();
        return state;
    }

    private List<StateGraph> branches(Fields fields) {
        var array = fields.array("Branches");
        var branches = new ArrayList<StateGraph>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                branches.add(graph(array.get(i), fields.where() + " Branches[" + i + "]"));
            }
        }
        return branches;
    }

    private State map(String name, Fields fields) {
        String field = ItemProcessor.field(fields);
        JsonNode json = fields.object(field);
        ObjectNode graphJson = ((ObjectNode) json).deepCopy();
        graphJson.remove("ProcessorConfig");
        ItemProcessor processor = ItemProcessor.from(fields, graph(graphJson, fields.where() + " " + field));
        return processor.distributed()
                ? DistributedMapState.from(name, fields, processor, hasObjectStore)
                : MapState.from(name, fields, processor);
    }

    /** The object's {@code QueryLanguage}, or {@code inherited} when it has none. */
    private static QueryLanguage language(Fields fields, QueryLanguage inherited) {
        String name = fields.string("QueryLanguage");
        if (name == null) {
            return inherited;
        }
        QueryLanguage language = QueryLanguage.named(name);
        if (language == null) {
            throw fields.error("QueryLanguage must be JSONPath or JSONata, not '" + name + "'");
        }
        return language;
    }

    /**
     * AWS: "a variable assigned in an inner scope cannot have the same name as one assigned in an outer scope"
     * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-scope). A Parallel
     * branch and an inline Map's processor are inner scopes of the graph they are in; a Distributed Map's children
     * are executions of their own, so their processor is checked on its own.
     */
    static final class VariableScopes {

        private VariableScopes() {
        }

        static void check(StateGraph graph) {
            check(graph, Set.of());
        }

        private static void check(StateGraph graph, Set<String> outer) {
            var here = new HashSet<String>();
            graph.states().values().forEach(state -> here.addAll(state.assignedVariables()));
            for (State state : graph.states().values()) {
                for (StateGraph inner : state.innerGraphs()) {
                    var visible = new HashSet<>(outer);
                    visible.addAll(here);
                    for (State innerState : inner.states().values()) {
                        for (String name : innerState.assignedVariables()) {
                            if (visible.contains(name)) {
                                throw new AslDefinitionException("State '" + innerState.name() + "' (inside '"
                                        + state.name() + "') assigns the variable '" + name + "', which an outer "
                                        + "scope assigns too; a variable assigned in an inner scope cannot have the "
                                        + "same name as one assigned in an outer scope");
                            }
                        }
                    }
                    check(inner, visible);
                }
                if (state instanceof DistributedMapState distributed) {
                    check(distributed.processorGraph(), Set.of());
                }
            }
        }
    }
}
