package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Retry and Catch of a Task, Parallel or Map state (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). The first retrier whose ErrorEquals matches decides; each retrier
 * counts its own attempts. When retries are exhausted (or none matches) the first matching catcher takes over.
 */
public record ErrorHandling(List<Retrier> retriers, List<Catcher> catchers) {

    public static final ErrorHandling NONE = new ErrorHandling(List.of(), List.of());

    /** What one attempt of the state does. */
    @FunctionalInterface
    public interface Attempt {
        StepResult run(StateContext context) throws StatesError;
    }

    public static ErrorHandling from(Fields fields) {
        var retriers = new ArrayList<Retrier>();
        var retry = fields.array("Retry");
        if (retry != null) {
            for (int i = 0; i < retry.size(); i++) {
                retriers.add(Retrier.from(fields.nested(fields.where() + " Retry[" + i + "]", retry.get(i))));
            }
            Catcher.checkAllIsLast(retriers.stream().map(Retrier::errorEquals).toList(), fields, "Retry");
        }
        var catchers = new ArrayList<Catcher>();
        var catchArray = fields.array("Catch");
        if (catchArray != null) {
            for (int i = 0; i < catchArray.size(); i++) {
                catchers.add(Catcher.from(fields.nested(fields.where() + " Catch[" + i + "]", catchArray.get(i))));
            }
            Catcher.checkAllIsLast(catchers.stream().map(Catcher::errorEquals).toList(), fields, "Catch");
        }
        return new ErrorHandling(List.copyOf(retriers), List.copyOf(catchers));
    }

    /** Every Catcher's Next. */
    public List<String> catchTargets() {
        return catchers.stream().map(Catcher::next).toList();
    }

    /** The variables the Catchers' {@code Assign} fields set. */
    public Set<String> assignedVariables() {
        var names = new LinkedHashSet<String>();
        catchers.forEach(catcher -> names.addAll(catcher.assign().names()));
        return names;
    }

    public StepResult run(JsonNode rawInput, StateContext context, Attempt attempt) throws StatesError {
        int[] retriesUsed = new int[retriers.size()];
        int retryCount = 0;
        StateContext current = context;
        while (true) {
            StatesError failure;
            try {
                return attempt.run(current);
            } catch (StatesError e) {
                failure = e;
            }
            int retrierIndex = firstMatchingRetrier(failure.error());
            if (retrierIndex >= 0 && retriesUsed[retrierIndex] < retriers.get(retrierIndex).maxAttempts()) {
                retriesUsed[retrierIndex]++;
                retryCount++;
                Duration delay = retriers.get(retrierIndex).delayBefore(retriesUsed[retrierIndex], context.random());
                context.retryScheduled(failure.error(), retryCount, delay);
                context.sleep(delay);
                current = context.retrying(retryCount);
                continue;
            }
            for (Catcher catcher : catchers) {
                if (ErrorNames.matches(catcher.errorEquals(), failure.error())) {
                    return new StepResult(caughtOutput(rawInput, catcher, failure, context), catcher.next());
                }
            }
            throw failure;
        }
    }

    private int firstMatchingRetrier(String error) {
        for (int i = 0; i < retriers.size(); i++) {
            if (ErrorNames.matches(retriers.get(i).errorEquals(), error)) {
                return i;
            }
        }
        return -1;
    }

    /** The catcher's output (see {@link Catcher}); {@code {"Error","Cause"}} is the error output. */
    private static JsonNode caughtOutput(JsonNode rawInput, Catcher catcher, StatesError failure, StateContext context)
            throws StatesError {
        ObjectNode errorOutput = Json.NODES.objectNode();
        errorOutput.put("Error", failure.error());
        errorOutput.put("Cause", failure.cause());
        return catcher.handle(rawInput, errorOutput, context);
    }
}
