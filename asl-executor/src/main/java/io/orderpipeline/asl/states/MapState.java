package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.distributed.ToleratedFailures;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.engine.Workers;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Map in INLINE mode: runs the ItemProcessor once per item (ItemsPath or JSONata Items, see {@link MapItems}), inside this execution, up to
 * MaxConcurrency at once; results keep item order. The first failing iteration fails the state with its error:
 * no new iteration starts and running ones enter no further state. Each iteration runs in a variable scope of its
 * own. History: MapStateStarted, per iteration MapIterationStarted and
 * MapIterationSucceeded / MapIterationFailed, then MapStateSucceeded / MapStateFailed.
 */
public final class MapState extends ExecutingState {

    private final MapItems items;
    private final StateGraph processor;
    private final MaxConcurrency maxConcurrency;
    private final ToleratedFailures tolerated;

    private MapState(String name, MapItems items, StateGraph processor,
                     MaxConcurrency maxConcurrency, ToleratedFailures tolerated, InputOutput io, Assign assign, ErrorHandling errorHandling,
                     Transition transition) {
        super(name, io, assign, transition, errorHandling);
        this.items = items;
        this.processor = processor;
        this.maxConcurrency = maxConcurrency;
        this.tolerated = tolerated;
    }

    public static MapState from(String name, Fields fields, ItemProcessor processor) {
        for (String distributedOnly : List.of("ItemReader", "ItemBatcher", "ResultWriter")) {
            if (fields.has(distributedOnly)) {
                throw fields.error("'" + distributedOnly + "' is only allowed in DISTRIBUTED mode");
            }
        }
        fields.raw("Label");
        // AWS accepts the tolerated-failure fields on an inline Map too (AWS-recorded: test_base_evaluate_expressions
        // test_base_map TOLERATED_FAILURE_PERCENTAGE); they are evaluated, but documented for Distributed mode only
        // and not applied here: any failed iteration fails an inline Map.
        var tolerated = ToleratedFailures.from(fields);
        var items = MapItems.from(fields);
        var maxConcurrency = MaxConcurrency.from(fields);
        var io = InputOutput.map(fields);
        var errorHandling = ErrorHandling.from(fields);
        return new MapState(name, items, processor.graph(), maxConcurrency, tolerated, io, Assign.from(fields),
                errorHandling, Transition.from(fields));
    }

    @Override
    protected JsonNode attempt(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        ArrayNode itemArray = items.read(input, effective, context);
        var scope = context.scope(input).withDocument(effective);
        int limit = maxConcurrency.resolve(scope, context.settings().inlineMapCap());
        tolerated.resolve(scope);
        context.recordHistory(1); // MapStateStarted
        JsonNode[] outputs = new JsonNode[itemArray.size()];
        var failure = new AtomicReference<StatesError>();
        var failed = new AtomicBoolean();
        var iterations = context.newScope();
        Workers.forEach(itemArray.size(), limit, i -> {
            try {
                context.recordHistory(1); // MapIterationStarted
                JsonNode itemInput = items.select(input, effective, i, itemArray.get(i), context);
                PayloadLimit.checkStateInput(itemInput, name(), "ItemSelector (iteration " + i + ")");
                outputs[i] = context.runGraph(processor, itemInput, iterations);
                context.recordHistory(1); // MapIterationSucceeded
            } catch (StatesError e) {
                failIteration(context, failure, failed, e);
                iterations.cancel();
            } catch (RuntimeException e) {
                failIteration(context, failure, failed, new StatesError(ErrorNames.RUNTIME, "The executor failed: " + e));
                iterations.cancel();
            }
        }, failed::get);
        if (failure.get() != null) {
            recordQuietly(context); // MapStateFailed
            throw failure.get();
        }
        context.recordHistory(1); // MapStateSucceeded
        ArrayNode result = Json.NODES.arrayNode(outputs.length);
        for (JsonNode output : outputs) {
            result.add(output);
        }
        PayloadLimit.checkResult(result, name());
        return result;
    }

    private static void failIteration(StateContext context, AtomicReference<StatesError> failure, AtomicBoolean failed,
                                      StatesError error) {
        failure.compareAndSet(null, error);
        failed.set(true);
        recordQuietly(context); // MapIterationFailed
    }

    /** Failure events are recorded but never replace the error being reported. */
    private static void recordQuietly(StateContext context) {
        try {
            context.recordHistory(1);
        } catch (StatesError ignored) {
            // the history limit error is reported by whoever hit it first
        }
    }

    @Override
    public List<StateGraph> innerGraphs() {
        return List.of(processor);
    }
}
