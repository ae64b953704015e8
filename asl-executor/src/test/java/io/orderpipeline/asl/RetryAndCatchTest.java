package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import io.orderpipeline.asl.support.RecordingListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

class RetryAndCatchTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:Flaky";

    /** Fails with the given errors in order, then returns {"ok":true}; remembers each attempt's RetryCount. */
    private static final class Flaky implements TaskIntegration {
        final List<String> errors;
        final AtomicInteger calls = new AtomicInteger();
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final List<JsonNode> parameters = new CopyOnWriteArrayList<>();

        Flaky(String... errors) {
            this.errors = List.of(errors);
        }

        @Override
        public JsonNode invoke(String resource, JsonNode params, io.orderpipeline.asl.spi.TaskContext context) {
            attempts.add(context.attempt());
            parameters.add(params);
            int call = calls.getAndIncrement();
            if (call < errors.size()) {
                throw new StatesError(errors.get(call), "attempt " + (call + 1) + " failed");
            }
            return json("{'ok':true}");
        }
    }

    private record Run(ExecutionResult result, RecordingListener listener, List<Duration> slept) {
    }

    private static Run run(String state, Flaky task, RandomGenerator random) {
        var listener = new RecordingListener();
        var slept = new ArrayList<Duration>();
        var executor = AslExecutor.builder().timeScale(1).sleeper(slept::add).random(random).listener(listener)
                .integrations(resource -> resource.equals(FN) ? task : null).build();
        var result = executor.execute(json(state.startsWith("{'StartAt'") ? state : single(state)),
                json("{'in':1}"), ExecutionRequest.standard());
        return new Run(result, listener, slept);
    }

    private static Run run(String state, Flaky task) {
        return run(state, task, RandomGenerator.getDefault());
    }

    private static List<Duration> seconds(double... values) {
        var list = new ArrayList<Duration>();
        for (double v : values) {
            list.add(Duration.ofNanos((long) (v * 1e9)));
        }
        return list;
    }

    @Test
    void retriesWithExponentialBackoff() {
        var task = new Flaky("Lambda.ServiceException", "Lambda.ServiceException", "Lambda.ServiceException");
        var run = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['Lambda.ServiceException'],"
                + "'IntervalSeconds':2,'BackoffRate':3,'MaxAttempts':3}]}", task);
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(task.calls).hasValue(4);
        assertThat(run.slept()).isEqualTo(seconds(2, 6, 18));
        assertThat(run.listener().retries).extracting(RecordingListener.Retry::retryCount).containsExactly(1, 2, 3);
        assertThat(task.attempts).containsExactly(1, 2, 3, 4);
    }

    @Test
    void defaultsAreOneSecondTwiceAsLongThreeAttempts() {
        var task = new Flaky("E", "E", "E", "E");
        var run = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['E']}]}", task);
        assertThat(run.slept()).isEqualTo(seconds(1, 2, 4));
        assertThat(run.result().error()).isEqualTo("E");
        assertThat(task.calls).hasValue(4);
    }

    @Test
    void maxDelaySecondsCapsTheBackoff() {
        var task = new Flaky("E", "E", "E", "E", "E");
        var run = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['E'],"
                + "'IntervalSeconds':1,'BackoffRate':2,'MaxAttempts':6,'MaxDelaySeconds':5}]}", task);
        assertThat(run.slept()).isEqualTo(seconds(1, 2, 4, 5, 5));
    }

    @Test
    void fullJitterWaitsARandomShareOfTheBackoff() {
        var task = new Flaky("E", "E", "E", "E", "E");
        var run = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['E'],"
                + "'IntervalSeconds':1,'BackoffRate':2,'MaxAttempts':6,'MaxDelaySeconds':30,'JitterStrategy':'FULL'}]}", task);
        double[] caps = {1, 2, 4, 8, 16};
        assertThat(run.slept()).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(run.slept().get(i)).isBetween(Duration.ZERO, Duration.ofSeconds((long) caps[i]));
        }
        // a fixed random share proves the formula: half of each capped delay
        var half = new Flaky("E", "E", "E");
        var fixed = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['E'],"
                + "'MaxDelaySeconds':3,'JitterStrategy':'FULL'}]}", half, new FixedRandom(0.5));
        assertThat(fixed.slept()).isEqualTo(seconds(0.5, 1, 1.5));
    }

    @Test
    void timeScaleZeroNeverSleepsButReportsTheDelays() {
        var task = new Flaky("E", "E");
        var listener = new RecordingListener();
        var slept = new ArrayList<Duration>();
        var result = Asl.fastExecutor().sleeper(slept::add).listener(listener).integrations(r -> task).build()
                .execute(json(single("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['E']}]}")),
                        json("{}"), ExecutionRequest.standard());
        assertThat(result.succeeded()).isTrue();
        assertThat(slept).isEmpty();
        assertThat(listener.retries).extracting(RecordingListener.Retry::delay).isEqualTo(seconds(1, 2));
    }

    @Test
    void maxAttemptsZeroNeverRetries() {
        var task = new Flaky("E");
        var run = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':[{'ErrorEquals':['E'],'MaxAttempts':0}]}", task);
        assertThat(run.result().error()).isEqualTo("E");
        assertThat(task.calls).hasValue(1);
    }

    @Test
    void firstMatchingRetrierWinsAndEachCountsItsOwnAttempts() {
        var task = new Flaky("A", "B", "A", "B", "B");
        var run = run("{'Type':'Task','Resource':'" + FN + "','End':true,'Retry':["
                + "{'ErrorEquals':['A'],'IntervalSeconds':10,'MaxAttempts':2},"
                + "{'ErrorEquals':['States.ALL'],'IntervalSeconds':1,'MaxAttempts':2}]}", task);
        // A(10) B(1) A(20) B(2) then B is out of attempts
        assertThat(run.slept()).isEqualTo(seconds(10, 1, 20, 2));
        assertThat(run.result().error()).isEqualTo("B");
        assertThat(task.calls).hasValue(5);
    }

    @Test
    void retryCountIsVisibleInTheContextObject() {
        var task = new Flaky("E", "E");
        run("{'Type':'Task','Resource':'" + FN + "','End':true,'Parameters':{'retry.$':'$$.State.RetryCount'},"
                + "'Retry':[{'ErrorEquals':['E']}]}", task);
        assertThat(task.parameters).extracting(p -> p.get("retry").asInt()).containsExactly(0, 1, 2);
    }

    @Test
    void catchPutsErrorAndCauseAtResultPath() {
        var task = new Flaky("Custom.Error");
        var run = run("""
                {'StartAt':'T','States':{
                 'T':{'Type':'Task','Resource':'%s','Next':'Done','Catch':[{'ErrorEquals':['Custom.Error'],'ResultPath':'$.error','Next':'Handled'}]},
                 'Handled':{'Type':'Pass','End':true},
                 'Done':{'Type':'Succeed'}}}""".formatted(FN), task);
        assertThat(run.result().output()).isEqualTo(json("{'in':1,'error':{'Error':'Custom.Error','Cause':'attempt 1 failed'}}"));
    }

    @Test
    void catchWithoutResultPathReplacesTheInput() {
        var task = new Flaky("Custom.Error");
        var run = run("""
                {'StartAt':'T','States':{
                 'T':{'Type':'Task','Resource':'%s','End':true,'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Handled'}]},
                 'Handled':{'Type':'Pass','End':true}}}""".formatted(FN), task);
        assertThat(run.result().output()).isEqualTo(json("{'Error':'Custom.Error','Cause':'attempt 1 failed'}"));
    }

    @Test
    void retriesComeBeforeCatch() {
        var task = new Flaky("E", "E", "E");
        var run = run("""
                {'StartAt':'T','States':{
                 'T':{'Type':'Task','Resource':'%s','End':true,'Retry':[{'ErrorEquals':['E'],'MaxAttempts':2}],
                      'Catch':[{'ErrorEquals':['E'],'Next':'Handled','ResultPath':null}]},
                 'Handled':{'Type':'Pass','Result':'caught','End':true}}}""".formatted(FN), task);
        assertThat(task.calls).hasValue(3);
        assertThat(run.result().output()).isEqualTo(json("'caught'"));
    }

    @Test
    void taskFailedMatchesTaskErrorsButNotTimeout() throws Exception {
        var task = new Flaky("Lambda.Unknown");
        var caught = run("""
                {'StartAt':'T','States':{
                 'T':{'Type':'Task','Resource':'%s','End':true,'Catch':[{'ErrorEquals':['States.TaskFailed'],'Next':'H'}]},
                 'H':{'Type':'Pass','Result':'caught','End':true}}}""".formatted(FN), task);
        assertThat(caught.result().output()).isEqualTo(json("'caught'"));

        TaskIntegration slow = (r, p, c) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json("{}");
        };
        var result = Asl.fastExecutor().integrations(r -> slow).build().execute(json("""
                {'StartAt':'T','States':{
                 'T':{'Type':'Task','Resource':'%s','TimeoutSeconds':1,'End':true,
                      'Catch':[{'ErrorEquals':['States.TaskFailed'],'Next':'H'}]},
                 'H':{'Type':'Pass','End':true}}}""".formatted(FN)), json("{}"), ExecutionRequest.standard());
        assertThat(result.error()).isEqualTo("States.Timeout");
    }

    @Test
    void statesAllDoesNotCatchRuntimeErrors() {
        var run = Asl.run("""
                {'StartAt':'P','States':{
                 'P':{'Type':'Parallel','End':true,'Catch':[{'ErrorEquals':['States.ALL'],'Next':'H'}],
                      'Retry':[{'ErrorEquals':['States.ALL']}],
                      'Branches':[{'StartAt':'B','States':{'B':{'Type':'Pass','InputPath':'$.missing','End':true}}}]},
                 'H':{'Type':'Pass','End':true}}}""", "{}");
        assertThat(run.error()).isEqualTo("States.Runtime");
    }

    @Test
    void statesAllDoesNotCatchDataLimitExceeded() {
        String big = "x".repeat(300_000);
        TaskIntegration huge = (r, p, c) -> json("{'big':'" + big + "'}");
        var result = Asl.fastExecutor().integrations(r -> huge).build().execute(json("""
                {'StartAt':'T','States':{
                 'T':{'Type':'Task','Resource':'%s','End':true,'Catch':[{'ErrorEquals':['States.ALL'],'Next':'H'}]},
                 'H':{'Type':'Pass','End':true}}}""".formatted(FN)), json("{}"), ExecutionRequest.standard());
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void unexpectedIntegrationExceptionsAreTaskFailed() {
        TaskIntegration broken = (r, p, c) -> {
            throw new IllegalStateException("boom");
        };
        var result = Asl.fastExecutor().integrations(r -> broken).build().execute(
                json(single("{'Type':'Task','Resource':'" + FN + "','End':true}")), json("{}"), ExecutionRequest.standard());
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).contains("boom");
    }

    /** A random generator whose doubles are always the same share. */
    private record FixedRandom(double share) implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return share;
        }
    }
}
