package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.engine.Workers;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parallel: every branch gets the effective input and runs concurrently, in a variable scope of its own; the result
 * is the array of branch outputs in branch order. A failing branch fails the state with the branch's own error (as
 * AWS reports it) and stops the other branches: they enter no further state. History: ParallelStateStarted and
 * ParallelStateSucceeded / ParallelStateFailed.
 */
public final class ParallelState extends ExecutingState {

    private final List<StateGraph> branches;

    private ParallelState(String name, List<StateGraph> branches, InputOutput io, Assign assign,
                          ErrorHandling errorHandling, Transition transition) {
        super(name, io, assign, transition, errorHandling);
        this.branches = branches;
    }

    /** @param branches the parsed {@code Branches}, in order (the definition parser parses them) */
    public static ParallelState from(String name, Fields fields, List<StateGraph> branches) {
        if (branches.isEmpty()) {
            throw fields.error("'Branches' must be a non-empty array");
        }
        var io = InputOutput.full(fields);
        var errorHandling = ErrorHandling.from(fields);
        return new ParallelState(name, List.copyOf(branches), io, Assign.from(fields), errorHandling,
                Transition.from(fields));
    }

    @Override
    protected JsonNode attempt(JsonNode input, StateContext context) throws StatesError {
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
                if (failure.compareAndSet(null, new StatesError(ErrorNames.RUNTIME, "The executor failed: " + e))) {
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
        PayloadLimit.checkResult(result, name());
        return result;
    }

    @Override
    public List<StateGraph> innerGraphs() {
        return branches;
    }
}
