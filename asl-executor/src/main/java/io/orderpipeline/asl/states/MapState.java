package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.engine.Workers;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.path.PayloadTemplate;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Map in INLINE mode: runs the ItemProcessor once per element of ItemsPath, inside this execution, up to
 * MaxConcurrency at once; results keep item order. The first failing iteration fails the state with its error:
 * no new iteration starts and running ones enter no further state. Each iteration runs in a variable scope of its
 * own. History: MapStateStarted, per iteration MapIterationStarted and
 * MapIterationSucceeded / MapIterationFailed, then MapStateSucceeded / MapStateFailed.
 */
public final class MapState extends ExecutingState {

    private final String itemsPath;
    private final PayloadTemplate itemSelector;
    private final StateGraph processor;
    private final MaxConcurrency maxConcurrency;

    private MapState(String name, String itemsPath, PayloadTemplate itemSelector, StateGraph processor,
                     MaxConcurrency maxConcurrency, InputOutput io, Assign assign, ErrorHandling errorHandling,
                     Transition transition) {
        super(name, io, assign, transition, errorHandling);
        this.itemsPath = itemsPath;
        this.itemSelector = itemSelector;
        this.processor = processor;
        this.maxConcurrency = maxConcurrency;
    }

    public static MapState from(String name, Fields fields, ItemProcessor processor) {
        for (String distributedOnly : List.of("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount",
                "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath")) {
            if (fields.has(distributedOnly)) {
                throw fields.error("'" + distributedOnly + "' is only allowed in DISTRIBUTED mode");
            }
        }
        fields.raw("Label");
        String itemsPath = fields.path("ItemsPath");
        PayloadTemplate itemSelector = itemSelector(fields);
        var maxConcurrency = MaxConcurrency.from(fields);
        var io = InputOutput.map(fields);
        var errorHandling = ErrorHandling.from(fields);
        return new MapState(name, itemsPath == null ? "$" : itemsPath, itemSelector, processor.graph(), maxConcurrency,
                io, Assign.from(fields), errorHandling, Transition.from(fields));
    }

    /** ItemSelector, or its legacy name Parameters (not both). */
    static PayloadTemplate itemSelector(Fields fields) {
        if (fields.has("ItemSelector") && fields.has("Parameters")) {
            throw fields.error("has both 'ItemSelector' and its legacy name 'Parameters'");
        }
        fields.unsupported("JSONata is not supported", "Items", "Arguments", "Output");
        PayloadTemplate selector = fields.template("ItemSelector");
        return selector != null ? selector : fields.template("Parameters");
    }

    /** The items at ItemsPath of the effective input. */
    static ArrayNode items(JsonNode effective, String itemsPath, StateContext context) {
        JsonNode items = context.paths(effective).resolve(itemsPath);
        if (!items.isArray()) {
            throw new StatesError(ErrorNames.RUNTIME, "Map state '" + context.stateName() + "': ItemsPath '" + itemsPath
                    + "' does not reference a JSON array");
        }
        return (ArrayNode) items;
    }

    /** An item as the processor sees it: the ItemSelector's output (with $$.Map.Item), or the item itself. */
    static JsonNode select(PayloadTemplate itemSelector, JsonNode effective, int index, JsonNode item,
                           StateContext context) {
        return itemSelector == null ? item : itemSelector.evaluate(context.itemPaths(effective, index, item));
    }

    @Override
    protected JsonNode attempt(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        ArrayNode items = items(effective, itemsPath, context);
        int limit = maxConcurrency.resolve(context.paths(effective), context.settings().inlineMapCap(), name());
        context.recordHistory(1); // MapStateStarted
        JsonNode[] outputs = new JsonNode[items.size()];
        var failure = new AtomicReference<StatesError>();
        var failed = new AtomicBoolean();
        var scope = context.newScope();
        Workers.forEach(items.size(), limit, i -> {
            try {
                context.recordHistory(1); // MapIterationStarted
                JsonNode itemInput = select(itemSelector, effective, i, items.get(i), context);
                outputs[i] = context.runGraph(processor, itemInput, scope);
                context.recordHistory(1); // MapIterationSucceeded
            } catch (StatesError e) {
                failIteration(context, failure, failed, e);
                scope.cancel();
            } catch (RuntimeException e) {
                failIteration(context, failure, failed, new StatesError(ErrorNames.RUNTIME, "The executor failed: " + e));
                scope.cancel();
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
        PayloadLimit.check(result, "the result of map state '" + name() + "'");
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
