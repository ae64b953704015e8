package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.Literal;
import io.orderpipeline.asl.expr.PathValue;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Wait: Seconds, SecondsPath, Timestamp or TimestampPath (exactly one; in JSONata Seconds or Timestamp, each a
 * literal or an expression); delays are scaled by the time scale.
 */
public final class WaitState extends FlowState {

    private final ValueSource seconds;
    private final ValueSource timestamp;

    private WaitState(String name, InputOutput io, Assign assign, ValueSource seconds, ValueSource timestamp,
                      Transition transition) {
        super(name, io, assign, transition);
        this.seconds = seconds;
        this.timestamp = timestamp;
    }

    public static WaitState from(String name, Fields fields) {
        var io = InputOutput.paths(fields);
        ValueSource seconds = fields.count("Seconds", "SecondsPath", 0, 99_999_999);
        ValueSource timestamp = timestamp(fields);
        if ((seconds == null) == (timestamp == null)) {
            throw fields.error(fields.jsonata() ? "needs exactly one of 'Seconds' and 'Timestamp'"
                    : "needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'");
        }
        return new WaitState(name, io, Assign.from(fields), seconds, timestamp, Transition.from(fields));
    }

    private static ValueSource timestamp(Fields fields) {
        if (fields.jsonata() && fields.has("TimestampPath")) {
            throw fields.error("field 'TimestampPath' is a JSONPath field; in JSONata use 'Timestamp' with a {% %} expression");
        }
        if (fields.jsonata() && JsonataTemplate.isExpression(fields.raw("Timestamp"))) {
            return fields.jsonataTemplate("Timestamp");
        }
        String text = fields.string("Timestamp");
        String path = fields.jsonata() ? null : fields.path("TimestampPath");
        if (text != null && path != null) {
            throw fields.error("needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'");
        }
        if (text != null) {
            if (parse(text) == null) {
                throw fields.error("'Timestamp' must be an ISO-8601 timestamp such as 2026-11-24T12:00:00Z");
            }
            return new Literal(Json.NODES.textNode(text));
        }
        return path == null ? null : new PathValue(path);
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        context.sleep(delay(context.scope(input).withDocument(effective), context));
        return finish(input, effective, context);
    }

    private Duration delay(Scope scope, StateContext context) {
        if (seconds instanceof PathValue) {
            JsonNode value = seconds.evaluate(scope);
            if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
                throw new StatesError(ErrorNames.RUNTIME, "The SecondsPath parameter of state '" + name()
                        + "' does not reference a non-negative integer: " + value);
            }
            return Duration.ofSeconds(value.asLong());
        }
        if (seconds != null) {
            return Duration.ofSeconds(Values.integer(seconds, scope, "Seconds", 0));
        }
        JsonNode value = timestamp.evaluate(scope);
        Instant until = value.isTextual() ? parse(value.textValue()) : null;
        if (until == null) {
            if (timestamp instanceof JsonataTemplate) {
                // AWS-recorded: test_base_scenarios.test_wait_timestamp_jsonata (INVALID_TIME, NO_T)
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "The Timestamp field cannot be parsed as an "
                        + "ISO-8601 extended offset date-time format string: " + value.asText());
            }
            throw new StatesError(ErrorNames.RUNTIME, "The TimestampPath parameter of state '" + name()
                    + "' does not reference a valid ISO-8601 timestamp: " + value);
        }
        Duration remaining = Duration.between(context.now(), until);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** An ISO-8601 date-time with offset ({@code 2016-03-05T21:29:29.243167252Z}), or null. */
    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
