package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.ExecutionListener;
import io.orderpipeline.asl.ExecutionResult;
import io.orderpipeline.asl.ExecutionStatus;
import io.orderpipeline.asl.ExecutionType;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.distributed.ChildRun;
import io.orderpipeline.asl.distributed.ItemBatcher;
import io.orderpipeline.asl.distributed.ItemReader;
import io.orderpipeline.asl.distributed.ResultWriter;
import io.orderpipeline.asl.distributed.ToleratedFailures;
import io.orderpipeline.asl.engine.ExecutionIdentity;
import io.orderpipeline.asl.engine.FinishedExecution;
import io.orderpipeline.asl.engine.Listeners;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.engine.Workers;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Map in DISTRIBUTED mode: a map run whose items come from an ItemReader (or ItemsPath), pass the ItemSelector, are
 * grouped by the ItemBatcher, and are each processed by a child execution of their own (own ARN, context object,
 * history and stats, STANDARD or EXPRESS). Every item is read and parsed before the first child starts.
 * History of the parent: MapStateStarted, MapRunStarted, MapRunSucceeded / MapRunFailed, MapStateSucceeded /
 * MapStateFailed. Children are executions of their own: they start with no variables (outer variables are not
 * visible in them).
 */
public final class DistributedMapState extends ExecutingState {

    private final String label;
    private final ItemReader itemReader;
    private final MapItems items;
    private final ItemBatcher itemBatcher;
    private final ResultWriter resultWriter;
    private final ToleratedFailures toleratedFailures;
    private final ItemProcessor processor;
    private final MaxConcurrency maxConcurrency;

    private DistributedMapState(String name, String label, ItemReader itemReader, MapItems items,
                                ItemBatcher itemBatcher, ResultWriter resultWriter,
                                ToleratedFailures toleratedFailures, ItemProcessor processor,
                                MaxConcurrency maxConcurrency, InputOutput io, Assign assign,
                                ErrorHandling errorHandling, Transition transition) {
        super(name, io, assign, transition, errorHandling);
        this.label = label;
        this.itemReader = itemReader;
        this.items = items;
        this.itemBatcher = itemBatcher;
        this.resultWriter = resultWriter;
        this.toleratedFailures = toleratedFailures;
        this.processor = processor;
        this.maxConcurrency = maxConcurrency;
    }

    /** @param hasObjectStore whether the executor has an ObjectStore for ItemReader / ResultWriter */
    public static DistributedMapState from(String name, Fields fields, ItemProcessor processor, boolean hasObjectStore) {
        String label = fields.string("Label");
        if (label != null && !label.matches("[^\\s?*<>{}\\[\\]:;,\\\\|^~$#%&`\"]{1,40}")) {
            throw fields.error("'Label' must be 1-40 characters without whitespace or special characters");
        }
        ItemReader reader = fields.has("ItemReader") ? ItemReader.from(fields) : null;
        if (reader != null && (fields.has("ItemsPath") || fields.has("Items"))) {
            throw fields.error("has both 'ItemReader' and '" + (fields.has("Items") ? "Items" : "ItemsPath") + "'");
        }
        MapItems items = MapItems.from(fields);
        ItemBatcher batcher = fields.has("ItemBatcher") ? ItemBatcher.from(fields) : null;
        ResultWriter writer = fields.has("ResultWriter") ? ResultWriter.from(fields) : null;
        if ((reader != null || writer != null) && !hasObjectStore) {
            throw fields.error("uses an ItemReader or ResultWriter, but the executor has no ObjectStore");
        }
        var tolerated = ToleratedFailures.from(fields);
        var maxConcurrency = MaxConcurrency.from(fields);
        var io = InputOutput.map(fields);
        var errorHandling = ErrorHandling.from(fields);
        return new DistributedMapState(name, label == null ? name : label, reader, items, batcher, writer, tolerated, processor, maxConcurrency, io, Assign.from(fields),
                errorHandling, Transition.from(fields));
    }

    @Override
    protected JsonNode attempt(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        Scope scope = context.scope(input).withDocument(effective);
        List<JsonNode> itemList = itemReader != null
                ? itemReader.read(context.objectStore(), scope)
                : list(items.read(input, effective, context));
        var selected = new ArrayList<JsonNode>(itemList.size());
        for (int i = 0; i < itemList.size(); i++) {
            selected.add(items.select(input, effective, i, itemList.get(i), context));
        }
        List<JsonNode> childInputs = itemBatcher != null
                ? itemBatcher.batch(selected, scope, "State '" + name() + "' ItemBatcher")
                : selected;
        int limit = maxConcurrency.resolve(scope, context.settings().distributedMapCap());
        ToleratedFailures.Threshold threshold = toleratedFailures.resolve(scope);

        var parent = context.execution();
        String mapRunId = UUID.randomUUID().toString();
        String mapRunArn = parent.identity().mapRunArn(label, mapRunId);
        parent.countMapRun();
        context.recordHistory(2); // MapStateStarted, MapRunStarted
        ExecutionListener listener = context.settings().listener();
        long totalItems = itemList.size();
        Listeners.safely(() -> listener.mapRunStarted(mapRunArn, name(), totalItems, childInputs.size()));

        ChildRun[] runs = new ChildRun[childInputs.size()];
        var failedItems = new AtomicLong();
        var succeededItems = new AtomicLong();
        var exceeded = new AtomicBoolean();
        ExecutionType childType = processor.executionType();
        Workers.forEach(childInputs.size(), limit, i -> {
            JsonNode childInput = childInputs.get(i);
            int itemCount = itemBatcher != null ? childInput.get("Items").size() : 1;
            ExecutionIdentity child = parent.identity().child(label, mapRunId, childType);
            Listeners.safely(() -> listener.childExecutionStarted(mapRunArn, child.executionArn(), itemCount));
            Instant started = context.now();
            FinishedExecution finished = context.runChild(processor.graph(), childInput, child);
            ExecutionResult result = finished.result();
            parent.addChild(result.stats(), finished.durationMillis());
            runs[i] = new ChildRun(child.executionArn(), child.executionName(), child.stateMachineArn(), childInput,
                    result.status(), result.output(), result.error(), result.cause(), started, context.now(), itemCount);
            if (result.succeeded()) {
                succeededItems.addAndGet(itemCount);
            } else if (threshold.exceeded(failedItems.addAndGet(itemCount), totalItems)) {
                exceeded.set(true);
            }
            long processed = succeededItems.get() + failedItems.get();
            Listeners.safely(() -> listener.childExecutionFinished(mapRunArn, child.executionArn(), result.status(),
                    itemCount, processed, totalItems));
        }, exceeded::get);
        Listeners.safely(() -> listener.mapRunFinished(mapRunArn, succeededItems.get(), failedItems.get(), exceeded.get()));
        context.recordHistory(2); // MapRunSucceeded / MapRunFailed, MapStateSucceeded / MapStateFailed

        var finishedRuns = new ArrayList<ChildRun>();
        for (ChildRun run : runs) {
            if (run != null) {
                finishedRuns.add(run);
            }
        }
        JsonNode result = resultWriter != null
                ? resultWriter.write(context.objectStore(), scope, mapRunArn, mapRunId, finishedRuns)
                : compact(finishedRuns);
        if (exceeded.get()) {
            throw new StatesError(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, "The specified tolerated failure threshold "
                    + "was exceeded: " + failedItems.get() + " of " + totalItems + " items failed in map run " + mapRunArn);
        }
        PayloadLimit.checkResult(result, name());
        return result;
    }

    /** The graph every child execution runs. */
    public StateGraph processorGraph() {
        return processor.graph();
    }

    /** Without a ResultWriter: child outputs in item order; a (tolerated) failed child appears as its description. */
    private static ArrayNode compact(List<ChildRun> runs) {
        ArrayNode result = Json.NODES.arrayNode(runs.size());
        for (ChildRun run : runs) {
            result.add(run.status() == ExecutionStatus.SUCCEEDED ? run.output() : run.describe());
        }
        return result;
    }

    private static List<JsonNode> list(ArrayNode array) {
        var items = new ArrayList<JsonNode>(array.size());
        array.forEach(items::add);
        return items;
    }

}
