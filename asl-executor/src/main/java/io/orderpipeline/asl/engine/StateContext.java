package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.StatePaths;
import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.states.StateGraph;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** What a state may use while it runs: its execution, its context object, the clock and the sleeper. */
public final class StateContext {

    private final Execution execution;
    private final String stateName;
    private final Instant enteredTime;
    private final int retryCount;
    private final Cancellation cancellation;

    StateContext(Execution execution, String stateName, Instant enteredTime, int retryCount, Cancellation cancellation) {
        this.execution = execution;
        this.stateName = stateName;
        this.enteredTime = enteredTime;
        this.retryCount = retryCount;
        this.cancellation = cancellation;
    }

    public Execution execution() {
        return execution;
    }

    public String stateName() {
        return stateName;
    }

    public int retryCount() {
        return retryCount;
    }

    public EngineSettings settings() {
        return execution.engine().settings();
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

    /** Paths over {@code input}, with {@code $$} addressing this state's context object. */
    public StatePaths paths(JsonNode input) {
        return new StatePaths(input, () -> ContextObject.build(execution, stateName, enteredTime, retryCount, null, null));
    }

    /** Paths for a Map's ItemSelector: the context object also holds {@code Map.Item.Index} and {@code Map.Item.Value}. */
    public StatePaths itemPaths(JsonNode input, int index, JsonNode value) {
        return new StatePaths(input, () -> ContextObject.build(execution, stateName, enteredTime, retryCount, index, value));
    }

    /** The same state, attempt number {@code retryCount + 1}; a retry is billed as a state transition. */
    public StateContext retrying(int newRetryCount) {
        execution.countTransition();
        return new StateContext(execution, stateName, now(), newRetryCount, cancellation);
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
            throw new StatesError("States.Runtime", "interrupted while waiting in state '" + stateName + "'");
        }
    }

    /** A scope for the branches or iterations this state starts: cancelling it stops all of them. */
    public Cancellation newScope() {
        return cancellation.child();
    }

    /** Runs a Parallel branch or an inline Map iteration inside this execution, within {@code scope}. */
    public JsonNode runGraph(StateGraph graph, JsonNode input, Cancellation scope) throws StatesError {
        return GraphRunner.run(graph, input, execution, scope);
    }
}
