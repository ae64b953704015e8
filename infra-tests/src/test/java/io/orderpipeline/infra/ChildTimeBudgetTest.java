package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue #22 §3: every EXPRESS child of a Distributed Map finishes within Step Functions' 5-minute limit for Express
 * workflows (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html, "Maximum execution time") even
 * when every retried call fails until its Retry runs out, for the largest batch the template allows. Computed from the
 * definition's own states: each Task's Retry blocks (every delay at its full value, which FULL jitter never exceeds,
 * capped at MaxDelaySeconds), its TimeoutSeconds, and each inline Map's MaxConcurrency over the batch's records.
 * <p>
 * What an attempt costs is not in the definition; the allowances below are generous against AWS's latencies. A call
 * that hangs instead of failing is not a throttle: it ends in States.Timeout where TimeoutSeconds is set (not retried),
 * or in the child's own time limit, after which the reconciler accounts for the child's records.
 */
class ChildTimeBudgetTest {

    /** EXPRESS workflows run at most 5 minutes (service-quotas.html). */
    static final double EXPRESS_LIMIT_SECONDS = 300;
    /** One DynamoDB or SQS request through Step Functions, rejected or not (their latency is milliseconds). */
    static final double CALL_SECONDS = 1;
    /**
     * An Invoke that Lambda rejects before running the function (throttled, a service error, a version not ready). A
     * restore that times out takes longer: the Restore phase's limit is 10 seconds
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html, SnapStartTimeoutException).
     */
    static final double LAMBDA_REJECTION_SECONDS = 1;
    static final double SNAPSTART_RESTORE_LIMIT_SECONDS = 10;
    /** Step Functions moving from one state to the next. */
    static final double TRANSITION_SECONDS = 0.1;

    private final AslDefinition asl = AslDefinition.load();
    private final SamTemplate template = SamTemplate.load();

    @Test
    void everyChildFinishesWithinTheExpressLimitWhenEveryRetryRunsOut() {
        for (var map : distributedMaps()) {
            var budget = budget(map);
            System.out.println("time budget " + map.name() + ": " + budget);
            assertThat(budget.total()).as("%s: %s", map.name(), budget).isLessThanOrEqualTo(EXPRESS_LIMIT_SECONDS);
        }
    }

    @Test
    void theBudgetFollowsTheRetryBlocks() {
        // The computation must be able to fail: the same child with the put retried as often as it was before #22.
        var map = distributedMaps().getFirst();
        var before = budget(map).total();
        var processor = (ObjectNode) map.body().path("ItemProcessor").deepCopy();
        var puts = new ArrayList<AslDefinition.State>();
        AslDefinition.collect(processor, null, puts);
        puts.stream().filter(s -> s.body().path("Resource").asText("").startsWith("arn:aws:states:::dynamodb:"))
                .forEach(s -> s.body().path("Retry").forEach(r -> ((ObjectNode) r).put("MaxAttempts", 6).put("MaxDelaySeconds", 20)));
        var after = budget(map.name(), processor, maxItemsPerBatch(map)).total();
        assertThat(after).isGreaterThan(EXPRESS_LIMIT_SECONDS).isGreaterThan(before);
    }

    @Test
    void everyLambdaTaskOfAChildHasATimeout() {
        // The one attempt that runs the function is bounded by TimeoutSeconds, not by the function's own timeout.
        for (var map : distributedMaps()) {
            var states = new ArrayList<AslDefinition.State>();
            AslDefinition.collect(map.body().path("ItemProcessor"), map.name(), states);
            states.stream().filter(s -> s.body().path("Resource").asText("").startsWith("arn:aws:states:::lambda:"))
                    .forEach(s -> assertThat(s.body().path("TimeoutSeconds").asInt(0)).as(s.name()).isPositive());
        }
    }

    /** What one child can take at most, by part. */
    record Budget(int batch, Map<String, Double> parts, String split) {
        double total() {
            return parts.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        @Override
        public String toString() {
            var shown = new LinkedHashMap<String, String>();
            parts.forEach((k, v) -> shown.put(k, String.format("%.1f s", v)));
            return String.format("%.1f s of %.0f s for %d records (%s) %s", total(), EXPRESS_LIMIT_SECONDS, batch, split, shown);
        }
    }

    private Budget budget(AslDefinition.State map) {
        return budget(map.name(), map.body().path("ItemProcessor"), maxItemsPerBatch(map));
    }

    /** The largest batch: the template's MaxValue of the parameter behind the Map's MaxItemsPerBatchPath. */
    private long maxItemsPerBatch(AslDefinition.State map) {
        var path = map.body().path("ItemBatcher").path("MaxItemsPerBatchPath").asText();
        return DefinitionLimits.maxValue(DefinitionLimits.parameterBehind(path, asl, template), template);
    }

    /**
     * The child's top-level states in order, each at its worst; the inline Maps share the batch's records between them
     * (each record is valid or invalid), so the split that takes longest is searched for.
     */
    private Budget budget(String name, JsonNode processor, long batch) {
        var states = processor.path("States");
        var order = path(processor);
        var inlineMaps = order.stream().filter(s -> "Map".equals(states.path(s).path("Type").asText())).toList();
        assertThat(inlineMaps).as("%s: inline Maps sharing the batch", name).hasSizeLessThanOrEqualTo(2);
        double worst = -1;
        Map<String, Double> worstParts = Map.of();
        String worstSplit = "";
        // one Map takes every record; two share them: the first takes 0..batch, the second the rest
        var from = inlineMaps.size() == 2 ? 0 : batch;
        for (long first = from; first <= batch; first++) {
            var parts = new LinkedHashMap<String, Double>();
            var split = new ArrayList<String>();
            for (var state : order) {
                var body = states.path(state);
                var index = inlineMaps.indexOf(state);
                if (index < 0) {
                    parts.put(state, own(body) + TRANSITION_SECONDS);
                    continue;
                }
                var items = index == 0 ? first : batch - first;
                parts.put(state, inlineMap(body, items) + TRANSITION_SECONDS);
                split.add(state + " " + items);
            }
            var total = parts.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total > worst) {
                worst = total;
                worstParts = parts;
                worstSplit = String.join(", ", split);
            }
        }
        return new Budget((int) batch, worstParts, worstSplit);
    }

    /** The states from StartAt following Next: the child is a sequence (Catch exits are inside its Tasks' worst). */
    private static List<String> path(JsonNode processor) {
        var order = new ArrayList<String>();
        var state = processor.path("StartAt").asText();
        var seen = new HashSet<String>();
        while (!state.isEmpty()) {
            assertThat(seen.add(state)).as("the child loops at %s", state).isTrue();
            order.add(state);
            var body = processor.path("States").path(state);
            assertThat(body.has("Catch")).as("%s: a top-level Catch would add a path the budget does not follow", state)
                    .isFalse();
            state = body.path("Next").asText("");
        }
        return order;
    }

    /** An inline Map: its iterations in rounds of MaxConcurrency, each round as long as its worst iteration. */
    private double inlineMap(JsonNode map, long items) {
        var concurrency = map.path("MaxConcurrency").asLong(0);
        assertThat(concurrency).as("an inline Map without MaxConcurrency has no bound").isPositive();
        var rounds = (items + concurrency - 1) / concurrency;
        return rounds * worstFrom(map.path("ItemProcessor"), map.path("ItemProcessor").path("StartAt").asText(), new HashMap<>());
    }

    /** The longest path from a state to the end of its iteration, through Next and every Catch. */
    private double worstFrom(JsonNode processor, String state, Map<String, Double> memo) {
        if (memo.containsKey(state)) {
            return memo.get(state);
        }
        memo.put(state, Double.NaN); // a loop would show up as NaN in the total
        var body = processor.path("States").path(state);
        var successors = new ArrayList<String>();
        if (body.has("Next")) {
            successors.add(body.get("Next").asText());
        }
        body.path("Catch").forEach(c -> successors.add(c.path("Next").asText()));
        body.path("Choices").forEach(c -> successors.add(c.path("Next").asText()));
        if (body.has("Default")) {
            successors.add(body.get("Default").asText());
        }
        double next = 0;
        for (var successor : successors) {
            next = Math.max(next, worstFrom(processor, successor, memo));
        }
        var worst = own(body) + TRANSITION_SECONDS + next;
        memo.put(state, worst);
        return worst;
    }

    /**
     * A Task at its worst: every retrier uses all its attempts, each failed attempt costs what its errors cost, each
     * wait is the full backoff (capped at MaxDelaySeconds); then one last attempt runs to TimeoutSeconds (or one call).
     * Retriers count their attempts separately (each its own MaxAttempts), so they add up.
     */
    static double own(JsonNode state) {
        if (!"Task".equals(state.path("Type").asText())) {
            return 0;
        }
        var timeout = state.path("TimeoutSeconds").asDouble(0);
        var lastAttempt = timeout > 0 ? timeout : CALL_SECONDS;
        double retries = 0;
        for (var retrier : state.path("Retry")) {
            var failedAttempt = 0.0;
            for (var error : retrier.path("ErrorEquals")) {
                failedAttempt = Math.max(failedAttempt, failedAttempt(error.asText(), lastAttempt));
            }
            var interval = retrier.path("IntervalSeconds").asDouble(1);
            var backoff = retrier.path("BackoffRate").asDouble(2);
            var maxDelay = retrier.has("MaxDelaySeconds") ? retrier.get("MaxDelaySeconds").asDouble() : Double.MAX_VALUE;
            var attempts = retrier.path("MaxAttempts").asInt(3);
            for (int i = 1; i <= attempts; i++) {
                retries += Math.min(interval * Math.pow(backoff, i - 1), maxDelay) + failedAttempt;
            }
        }
        return retries + lastAttempt;
    }

    /** How long an attempt that fails with {@code error} can take. */
    private static double failedAttempt(String error, double lastAttempt) {
        return switch (error) {
            case "Lambda.SnapStartTimeoutException" -> SNAPSTART_RESTORE_LIMIT_SECONDS + LAMBDA_REJECTION_SECONDS;
            // the client gave up waiting, or the error is not known: as long as an attempt may run
            case "Lambda.ClientExecutionTimeoutException", "States.ALL", "States.TaskFailed", "States.Timeout" -> lastAttempt;
            default -> error.startsWith("Lambda.") ? LAMBDA_REJECTION_SECONDS : CALL_SECONDS;
        };
    }

    private List<AslDefinition.State> distributedMaps() {
        var maps = asl.statesOfType("Map").stream()
                .filter(s -> "DISTRIBUTED".equals(s.body().at("/ItemProcessor/ProcessorConfig/Mode").asText()))
                .filter(s -> "EXPRESS".equals(s.body().at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()))
                .toList();
        assertThat(maps).as("Distributed Maps with EXPRESS children").isNotEmpty();
        return maps;
    }
}
