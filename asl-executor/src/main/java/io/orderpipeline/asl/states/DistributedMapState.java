package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.distributed.ChildInputs;
import io.orderpipeline.asl.distributed.ChildRun;
import io.orderpipeline.asl.distributed.ItemBatcher;
import io.orderpipeline.asl.distributed.ItemReader;
import io.orderpipeline.asl.distributed.ResultFiles;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Map in DISTRIBUTED mode: a map run whose items come from an ItemReader (or ItemsPath), pass the ItemSelector, are
 * grouped by the ItemBatcher, and are each processed by a child execution of their own (own ARN, context object,
 * history and stats, STANDARD or EXPRESS). Every item is read and parsed before the first child starts (an object
 * that cannot be read starts nothing); the child inputs wait in a spool ({@link ChildInputs}), each child's result is
 * written as it ends ({@link ResultFiles}), so a map run holds only the children in flight, whatever the object's size.
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
        try (ChildInputs childInputs = collect(input, effective, scope, context)) {
            return run(childInputs, scope, context);
        }
    }

    /**
     * Reads every item (ItemReader, or ItemsPath / Items), passes it through the ItemSelector and the ItemBatcher,
     * and keeps the child inputs for {@link #run}: nothing starts before the whole object has been read.
     */
    private ChildInputs collect(JsonNode input, JsonNode effective, Scope scope, StateContext context)
            throws StatesError {
        ItemBatcher.Batches batches = itemBatcher == null ? null : itemBatcher.start(scope);
        if (itemReader == null) {
            ArrayNode array = items.read(input, effective, context);
            ChildInputs inputs = ChildInputs.inMemory(batches);
            for (int i = 0; i < array.size(); i++) {
                inputs.add(items.select(input, effective, i, array.get(i), context));
            }
            inputs.finish();
            return inputs;
        }
        ChildInputs inputs = ChildInputs.spooled(batches, context.settings().spoolDirectory());
        try {
            itemReader.read(context.objectStore(), scope,
                    (index, item) -> inputs.add(items.select(input, effective, (int) index, item, context)));
            inputs.finish();
            return inputs;
        } catch (RuntimeException e) {
            inputs.close();
            throw e;
        }
    }

    /** Starts the children, at most MaxConcurrency at once, each child's input read only when it may start. */
    private JsonNode run(ChildInputs childInputs, Scope scope, StateContext context) throws StatesError {
        int limit = maxConcurrency.resolve(scope, context.settings().distributedMapCap());
        ToleratedFailures.Threshold threshold = toleratedFailures.resolve(scope);

        var parent = context.execution();
        String mapRunId = UUID.randomUUID().toString();
        String mapRunArn = parent.identity().mapRunArn(label, mapRunId);
        parent.countMapRun();
        context.recordHistory(2); // MapStateStarted, MapRunStarted
        ExecutionListener listener = context.settings().listener();
        long totalItems = childInputs.items();
        long totalChildren = childInputs.children();
        Listeners.safely(() -> listener.mapRunStarted(mapRunArn, name(), totalItems, totalChildren));

        var failedItems = new AtomicLong();
        var succeededItems = new AtomicLong();
        var exceeded = new AtomicBoolean();
        ExecutionType childType = processor.executionType();
        var started = new AtomicLong();
        var spoolFailure = new java.util.concurrent.atomic.AtomicReference<StatesError>();
        try (ResultFiles files = resultWriter != null ? new ResultFiles(context.settings().spoolDirectory()) : null) {
            CompactResult compact = resultWriter == null ? new CompactResult(totalChildren) : null;
            Workers.forEachOf(() -> {
                ChildInputs.Child next = childInputs.next();
                return next == null ? null : new Numbered(started.getAndIncrement(), next);
            }, limit, numbered -> {
                JsonNode childInput = numbered.child().input();
                int itemCount = numbered.child().itemCount();
                ExecutionIdentity child = parent.identity().child(label, mapRunId, childType);
                Listeners.safely(() -> listener.childExecutionStarted(mapRunArn, child.executionArn(), itemCount));
                Instant startDate = context.now();
                FinishedExecution finished = context.runChild(processor.graph(), childInput, child);
                ExecutionResult result = finished.result();
                parent.addChild(result.stats(), finished.durationMillis());
                var run = new ChildRun(child.executionArn(), child.executionName(), child.stateMachineArn(), childInput,
                        result.status(), result.output(), result.error(), result.cause(), startDate, context.now(),
                        itemCount);
                try {
                    if (files != null) {
                        files.add(run);
                    } else {
                        compact.set(numbered.index(), run);
                    }
                } catch (StatesError e) {
                    spoolFailure.compareAndSet(null, e); // no further child starts; reported below
                }
                if (result.succeeded()) {
                    succeededItems.addAndGet(itemCount);
                } else if (threshold.exceeded(failedItems.addAndGet(itemCount), totalItems)) {
                    exceeded.set(true);
                }
                long processed = succeededItems.get() + failedItems.get();
                Listeners.safely(() -> listener.childExecutionFinished(mapRunArn, child.executionArn(),
                        result.status(), itemCount, processed, totalItems));
            }, () -> exceeded.get() || spoolFailure.get() != null);
            if (spoolFailure.get() != null) {
                throw spoolFailure.get();
            }
            Listeners.safely(() -> listener.mapRunFinished(mapRunArn, succeededItems.get(), failedItems.get(),
                    exceeded.get()));
            context.recordHistory(2); // MapRunSucceeded / MapRunFailed, MapStateSucceeded / MapStateFailed

            JsonNode result = files != null
                    ? resultWriter.write(context.objectStore(), scope, mapRunArn, mapRunId, files)
                    : null;
            if (exceeded.get()) {
                throw new StatesError(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD, "The specified tolerated failure "
                        + "threshold was exceeded: " + failedItems.get() + " of " + totalItems + " items failed in map run "
                        + mapRunArn);
            }
            if (result == null) {
                result = compact.result(name());
            }
            PayloadLimit.checkResult(result, name());
            return result;
        }
    }

    private record Numbered(long index, ChildInputs.Child child) {
    }

    /**
     * Without a ResultWriter: child outputs in item order (a tolerated failed child appears as its description). The
     * result is held only while it fits the payload limit; past it, the outputs are let go and the result is
     * {@code States.DataLimitExceeded} (its size is counted exactly as the array's compact JSON).
     */
    private static final class CompactResult {
        private JsonNode[] outputs;
        private long size = 2; // []
        private long entries;

        CompactResult(long children) {
            outputs = new JsonNode[(int) Math.min(children, 1 << 16)];
        }

        synchronized void set(long index, ChildRun run) {
            if (outputs == null) {
                return;
            }
            JsonNode output = run.status() == ExecutionStatus.SUCCEEDED ? run.output() : run.describe();
            size += Json.sizeInBytes(output) + (entries++ == 0 ? 0 : 1);
            if (size > PayloadLimit.MAX_BYTES) {
                outputs = null;
                return;
            }
            if (index >= outputs.length) {
                outputs = java.util.Arrays.copyOf(outputs, (int) Math.max(index + 1, outputs.length * 2L));
            }
            outputs[(int) index] = output;
        }

        synchronized JsonNode result(String state) throws StatesError {
            if (outputs == null) {
                throw PayloadLimit.resultTooLarge(state);
            }
            ArrayNode result = Json.NODES.arrayNode();
            for (JsonNode output : outputs) {
                if (output != null) {
                    result.add(output);
                }
            }
            return result;
        }
    }

    /** The graph every child execution runs. */
    public StateGraph processorGraph() {
        return processor.graph();
    }

}
