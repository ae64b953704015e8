package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionListener;
import io.orderpipeline.asl.api.ExecutionStats;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One running execution: its identity, input and counters. Shared by every thread working for it (Parallel branches,
 * inline Map iterations), so all counters are atomic.
 */
public final class Execution {

    /** AWS's hard quota on history events of a STANDARD execution. */
    public static final long HISTORY_LIMIT = 25_000;

    private final EngineSettings settings;
    private final ExecutionIdentity identity;
    private final JsonNode input;
    private final Instant startTime;
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicLong history = new AtomicLong();
    private final AtomicLong childExecutions = new AtomicLong();
    private final AtomicLong childTransitions = new AtomicLong();
    private final AtomicLong childDurationMillis = new AtomicLong();
    private final AtomicLong mapRuns = new AtomicLong();
    private final Map<String, LongAdder> taskCalls = new ConcurrentHashMap<>();

    public Execution(EngineSettings settings, ExecutionIdentity identity, JsonNode input, Instant startTime) {
        this.settings = settings;
        this.identity = identity;
        this.input = input;
        this.startTime = startTime;
    }

    public EngineSettings settings() {
        return settings;
    }

    public ExecutionIdentity identity() {
        return identity;
    }

    public JsonNode input() {
        return input;
    }

    public Instant startTime() {
        return startTime;
    }

    public ExecutionListener listener() {
        return settings.listener();
    }

    /**
     * Appends history events. A STANDARD execution may hold at most 25,000 events and only the final
     * ExecutionSucceeded may be number 25,000, so any other event that would reach it fails the execution.
     *
     * @throws StatesError {@code States.Runtime} when the history limit is hit
     */
    public void recordHistory(int events) throws StatesError {
        long count = history.addAndGet(events);
        if (identity.type() == ExecutionType.STANDARD && count >= HISTORY_LIMIT) {
            throw new StatesError(ErrorNames.RUNTIME, "The execution reached the maximum number of history events ("
                    + HISTORY_LIMIT + ") of a STANDARD workflow");
        }
    }

    /** ExecutionSucceeded / ExecutionFailed: always recorded, capped at the quota. */
    public void recordFinalEvent() {
        history.updateAndGet(count -> identity.type() == ExecutionType.STANDARD
                ? Math.min(count + 1, HISTORY_LIMIT) : count + 1);
    }

    public void countTransition() {
        transitions.incrementAndGet();
    }

    public void countTaskCall(String resource) {
        taskCalls.computeIfAbsent(resource, r -> new LongAdder()).increment();
    }

    public void countMapRun() {
        mapRuns.incrementAndGet();
    }

    /** Folds a finished Distributed Map child into this execution's stats. */
    public void addChild(ExecutionStats child, long durationMillis) {
        childExecutions.addAndGet(1 + child.childExecutions());
        childTransitions.addAndGet(child.stateTransitions() + child.childStateTransitions());
        childDurationMillis.addAndGet(durationMillis + child.childDurationMillis());
        mapRuns.addAndGet(child.mapRuns());
        child.taskCallsByResource().forEach((resource, calls) ->
                taskCalls.computeIfAbsent(resource, r -> new LongAdder()).add(calls));
    }

    public ExecutionStats stats() {
        var calls = new TreeMap<String, Long>();
        taskCalls.forEach((resource, adder) -> calls.put(resource, adder.sum()));
        return new ExecutionStats(transitions.get(), history.get(), childExecutions.get(), childTransitions.get(),
                childDurationMillis.get(), mapRuns.get(), calls);
    }
}
