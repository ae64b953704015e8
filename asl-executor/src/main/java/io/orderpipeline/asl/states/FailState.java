package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.intrinsics.Intrinsics;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.List;

/**
 * Fail: ends its graph with Error and Cause — fixed, or from ErrorPath / CausePath (a path or an intrinsic), or in
 * JSONata each a string or a {@code {% %}} expression.
 */
public final class FailState extends State {

    private final String error;
    private final String errorPath;
    private final String cause;
    private final String causePath;
    private final JsonataTemplate errorExpression;
    private final JsonataTemplate causeExpression;

    private FailState(String name, String error, String errorPath, String cause, String causePath,
                      JsonataTemplate errorExpression, JsonataTemplate causeExpression) {
        super(name);
        this.error = error;
        this.errorPath = errorPath;
        this.cause = cause;
        this.causePath = causePath;
        this.errorExpression = errorExpression;
        this.causeExpression = causeExpression;
    }

    public static FailState from(String name, Fields fields) {
        if (fields.jsonata()) {
            fields.rejectInJsonata("ErrorPath", "CausePath", "InputPath", "OutputPath");
            JsonataTemplate errorExpression = JsonataTemplate.isExpression(fields.raw("Error"))
                    ? fields.jsonataTemplate("Error") : null;
            JsonataTemplate causeExpression = JsonataTemplate.isExpression(fields.raw("Cause"))
                    ? fields.jsonataTemplate("Cause") : null;
            return new FailState(name, errorExpression == null ? fields.string("Error") : null, null,
                    causeExpression == null ? fields.string("Cause") : null, null, errorExpression, causeExpression);
        }
        String error = fields.string("Error");
        String errorPath = pathOrIntrinsic(fields, "ErrorPath");
        String cause = fields.string("Cause");
        String causePath = pathOrIntrinsic(fields, "CausePath");
        if (error != null && errorPath != null) {
            throw fields.error("has both 'Error' and 'ErrorPath'");
        }
        if (cause != null && causePath != null) {
            throw fields.error("has both 'Cause' and 'CausePath'");
        }
        return new FailState(name, error, errorPath, cause, causePath, null, null);
    }

    private static String pathOrIntrinsic(Fields fields, String field) {
        String value = fields.string(field);
        if (value != null && !Intrinsics.isIntrinsic(value)) {
            return fields.path(field);
        }
        if (value != null) {
            try {
                Intrinsics.validate(value);
            } catch (IllegalArgumentException e) {
                throw fields.error("field '" + field + "': " + e.getMessage());
            }
        }
        return value;
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        if (errorExpression != null || causeExpression != null) {
            Scope scope = context.scope(input);
            throw new StatesError(errorExpression != null ? text(errorExpression, scope, "Error") : error,
                    causeExpression != null ? text(causeExpression, scope, "Cause") : cause);
        }
        PathResolver paths = context.paths(input);
        throw new StatesError(errorPath != null ? text(errorPath, paths, "ErrorPath") : error,
                causePath != null ? text(causePath, paths, "CausePath") : cause);
    }

    private static String text(JsonataTemplate expression, Scope scope, String field) {
        JsonNode value = expression.evaluate(scope);
        if (!value.isTextual()) {
            throw Values.unexpectedType(expression, field, "string", value);
        }
        return value.textValue();
    }

    private String text(String expression, PathResolver paths, String field) {
        JsonNode value = Intrinsics.isIntrinsic(expression) ? Intrinsics.evaluate(expression, paths) : paths.resolve(expression);
        if (!value.isTextual()) {
            throw new StatesError(ErrorNames.RUNTIME, "The value of " + field + " '" + expression + "' in state '" + name()
                    + "' is not a string: " + value);
        }
        return value.asText();
    }

    @Override
    public List<String> transitions() {
        return List.of();
    }

    @Override
    public boolean mayEnd() {
        return true;
    }
}
