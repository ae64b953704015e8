package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.engine.Cancellation;
import io.orderpipeline.asl.engine.ContextObject;
import io.orderpipeline.asl.engine.EngineSettings;
import io.orderpipeline.asl.engine.Execution;
import io.orderpipeline.asl.engine.ExecutionIdentity;
import io.orderpipeline.asl.engine.FinishedExecution;
import io.orderpipeline.asl.engine.Listeners;
import io.orderpipeline.asl.engine.Variables;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.path.StatePaths;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What a state may use while it runs: its execution, its context object, its variable scope, the clock and the
 * sleeper, and the runner of nested graphs.
 */
public final class StateContext {

    private final Execution execution;
    private final String stateName;
    private final Instant enteredTime;
    private final Integer retryCount;
    private final Cancellation cancellation;
    private final Variables variables;
    private final Subgraphs subgraphs;

    /**
     * @param retryCount 0 for states that can retry (Task, Parallel, Map), null for the others: it decides whether
     *                   the context object shows {@code State.RetryCount}
     */
    public StateContext(Execution execution, String stateName, Instant enteredTime, Integer retryCount,
                        Cancellation cancellation, Variables variables, Subgraphs subgraphs) {
        this.execution = execution;
        this.stateName = stateName;
        this.enteredTime = enteredTime;
        this.retryCount = retryCount;
        this.cancellation = cancellation;
        this.variables = variables;
        this.subgraphs = subgraphs;
    }

    public Execution execution() {
        return execution;
    }

    public String stateName() {
        return stateName;
    }

    /** 0 on the first attempt, 1 on the first retry, …; 0 for states that cannot retry. */
    public int retryCount() {
        return retryCount == null ? 0 : retryCount;
    }

    /** The variable scope the state runs in. */
    public Variables variables() {
        return variables;
    }

    public EngineSettings settings() {
        return execution.settings();
    }

    public RandomGenerator random() {
        return settings().random();
    }

    public Instant now() {
        return settings().clock().instant();
    }

    public ObjectStore objectStore() {
        return settings().objectStore();
    }

    /** This state's context object ({@code $$}). */
    public JsonNode contextObject() {
        return ContextObject.build(execution, stateName, enteredTime, retryCount, null, null);
    }

    /** The expressions' view of a state entered with {@code rawInput} (its context object, its variables). */
    public Scope scope(JsonNode rawInput) {
        return Scope.of(rawInput, this::contextObject, variables);
    }

    /** Paths over {@code input}: {@code $$} addresses this state's context object, {@code $name} a variable. */
    public StatePaths paths(JsonNode input) {
        return new StatePaths(input, this::contextObject, variables);
    }

    /** Paths for a Map's ItemSelector: the context object also holds {@code Map.Item.Index} and {@code Map.Item.Value}. */
    public StatePaths itemPaths(JsonNode input, int index, JsonNode value) {
        return new StatePaths(input, () -> itemContextObject(index, value), variables);
    }

    /** The context object inside a Map's ItemSelector. */
    public JsonNode itemContextObject(int index, JsonNode value) {
        return ContextObject.build(execution, stateName, enteredTime, retryCount, index, value);
    }

    /** The same state, attempt number {@code retryCount + 1}; a retry is billed as a state transition. */
    public StateContext retrying(int newRetryCount) {
        execution.countTransition();
        return new StateContext(execution, stateName, now(), newRetryCount, cancellation, variables, subgraphs);
    }

    public void recordHistory(int events) throws StatesError {
        execution.recordHistory(events);
    }

    public void retryScheduled(String error, int retryNumber, Duration delay) {
        Listeners.safely(() -> execution.listener().retryScheduled(execution.identity().executionArn(), stateName, error,
                retryNumber, delay));
    }

    /** Sleeps {@code duration × timeScale} (not at all with time scale 0). */
    public void sleep(Duration duration) throws StatesError {
        double scale = settings().timeScale();
        if (scale <= 0 || duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            settings().sleeper().sleep(Duration.ofNanos((long) (duration.toNanos() * scale)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError(ErrorNames.RUNTIME, "interrupted while waiting in state '" + stateName + "'");
        }
    }

    /** A scope for the branches or iterations this state starts: cancelling it stops all of them. */
    public Cancellation newScope() {
        return cancellation.child();
    }

    /**
     * Runs a Parallel branch or an inline Map iteration inside this execution, within {@code scope}, in a variable
     * scope of its own (it reads this state's variables; its own are gone when it ends).
     */
    public JsonNode runGraph(StateGraph graph, JsonNode input, Cancellation scope) throws StatesError {
        Variables inner = variables.inner();
        try {
            return subgraphs.run(graph, input, execution, scope, inner);
        } finally {
            inner.release();
        }
    }

    /** Runs a Distributed Map child execution. */
    public FinishedExecution runChild(StateGraph graph, JsonNode input, ExecutionIdentity identity) {
        return subgraphs.runChild(graph, input, identity);
    }
}
