package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath (exactly one); delays are scaled by the time scale. */
public final class WaitState extends FlowState {

    private final Long seconds;
    private final String secondsPath;
    private final Instant timestamp;
    private final String timestampPath;

    private WaitState(String name, InputOutput io, Assign assign, Long seconds, String secondsPath, Instant timestamp,
                      String timestampPath, Transition transition) {
        super(name, io, assign, transition);
        this.seconds = seconds;
        this.secondsPath = secondsPath;
        this.timestamp = timestamp;
        this.timestampPath = timestampPath;
    }

    public static WaitState from(String name, Fields fields) {
        var io = InputOutput.paths(fields);
        Long seconds = fields.integer("Seconds", 0, 99_999_999);
        String secondsPath = fields.path("SecondsPath");
        String timestampText = fields.string("Timestamp");
        String timestampPath = fields.path("TimestampPath");
        int given = (seconds != null ? 1 : 0) + (secondsPath != null ? 1 : 0) + (timestampText != null ? 1 : 0)
                + (timestampPath != null ? 1 : 0);
        if (given != 1) {
            throw fields.error("needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'");
        }
        Instant timestamp = null;
        if (timestampText != null) {
            try {
                timestamp = Instant.parse(timestampText);
            } catch (DateTimeParseException e) {
                throw fields.error("'Timestamp' must be an ISO-8601 timestamp such as 2026-11-24T12:00:00Z");
            }
        }
        return new WaitState(name, io, Assign.from(fields), seconds, secondsPath, timestamp, timestampPath,
                Transition.from(fields));
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        context.sleep(delay(effective, context));
        return finish(input, effective, context);
    }

    private Duration delay(JsonNode effective, StateContext context) {
        if (seconds != null) {
            return Duration.ofSeconds(seconds);
        }
        if (secondsPath != null) {
            JsonNode value = context.paths(effective).resolve(secondsPath);
            if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
                throw new StatesError(ErrorNames.RUNTIME, "The SecondsPath parameter of state '" + name()
                        + "' does not reference a non-negative integer: " + value);
            }
            return Duration.ofSeconds(value.asLong());
        }
        Instant until = timestamp;
        if (timestampPath != null) {
            JsonNode value = context.paths(effective).resolve(timestampPath);
            try {
                until = Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new StatesError(ErrorNames.RUNTIME, "The TimestampPath parameter of state '" + name()
                        + "' does not reference a valid ISO-8601 timestamp: " + value);
            }
        }
        Duration remaining = Duration.between(context.now(), until);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }
}
