package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.definition.DefinitionParser;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.StateContext;
import io.orderpipeline.asl.engine.Workers;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parallel: every branch gets the effective input and runs concurrently; the result is the array of branch outputs in
 * branch order. A failing branch fails the state with the branch's own error (as AWS reports it) and stops the
 * other branches: they enter no further state. History: ParallelStateStarted and ParallelStateSucceeded / ParallelStateFailed.
 */
public final class ParallelState extends State {

    private final List<StateGraph> branches;
    private final InputOutput io;
    private final ErrorHandling errorHandling;
    private final Transition transition;

    private ParallelState(String name, List<StateGraph> branches, InputOutput io, ErrorHandling errorHandling,
                          Transition transition) {
        super(name);
        this.branches = branches;
        this.io = io;
        this.errorHandling = errorHandling;
        this.transition = transition;
    }

    public static ParallelState from(String name, Fields fields, DefinitionParser parser) {
        fields.unsupported("JSONata is not supported", "Arguments", "Output");
        fields.unsupported("variables are not supported", "Assign");
        var array = fields.array("Branches");
        if (array == null || array.isEmpty()) {
            throw fields.error("'Branches' must be a non-empty array");
        }
        var branches = new ArrayList<StateGraph>();
        for (int i = 0; i < array.size(); i++) {
            branches.add(parser.graph(array.get(i), fields.where() + " Branches[" + i + "]"));
        }
        var io = InputOutput.full(fields);
        var errorHandling = ErrorHandling.from(fields);
        return new ParallelState(name, List.copyOf(branches), io, errorHandling, Transition.from(fields));
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        return errorHandling.run(input, context, attempt -> attempt(input, attempt));
    }

    private StepResult attempt(JsonNode input, StateContext context) {
        JsonNode effective = io.effectiveInput(input, context);
        context.recordHistory(1); // ParallelStateStarted
        JsonNode[] outputs = new JsonNode[branches.size()];
        var failure = new AtomicReference<StatesError>();
        var scope = context.newScope();
        Workers.forEach(branches.size(), branches.size(), i -> {
            try {
                outputs[i] = context.runGraph(branches.get(i), effective, scope);
            } catch (StatesError e) {
                if (failure.compareAndSet(null, e)) {
                    scope.cancel();
                }
            } catch (RuntimeException e) {
                if (failure.compareAndSet(null, new StatesError("States.Runtime", "The executor failed: " + e))) {
                    scope.cancel();
                }
            }
        }, () -> false);
        context.recordHistory(1); // ParallelStateSucceeded / ParallelStateFailed
        if (failure.get() != null) {
            throw failure.get();
        }
        ArrayNode result = Json.NODES.arrayNode(outputs.length);
        for (JsonNode output : outputs) {
            result.add(output);
        }
        return new StepResult(io.output(input, result, context), transition.next());
    }

    @Override
    public List<String> transitions() {
        return errorHandling.transitionsWith(transition);
    }

    @Override
    public boolean mayEnd() {
        return transition.end();
    }
}
