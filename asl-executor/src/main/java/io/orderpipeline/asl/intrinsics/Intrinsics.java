package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Amazon States Language intrinsic functions ({@code States.Format}, {@code States.Array}, …). */
public final class Intrinsics {

    private static final String FORMAT = "States.Format";

    private static final Map<String, IntrinsicFunction> FUNCTIONS = Map.ofEntries(
            Map.entry("States.Array", ArrayFunctions::array),
            Map.entry("States.ArrayPartition", ArrayFunctions::partition),
            Map.entry("States.ArrayContains", ArrayFunctions::contains),
            Map.entry("States.ArrayRange", ArrayFunctions::range),
            Map.entry("States.ArrayGetItem", ArrayFunctions::getItem),
            Map.entry("States.ArrayLength", ArrayFunctions::length),
            Map.entry("States.ArrayUnique", ArrayFunctions::unique),
            Map.entry("States.Base64Encode", DataFunctions::base64Encode),
            Map.entry("States.Base64Decode", DataFunctions::base64Decode),
            Map.entry("States.Hash", DataFunctions::hash),
            Map.entry("States.JsonMerge", DataFunctions::jsonMerge),
            Map.entry("States.StringToJson", DataFunctions::stringToJson),
            Map.entry("States.JsonToString", DataFunctions::jsonToString),
            Map.entry("States.MathRandom", MathFunctions::random),
            Map.entry("States.MathAdd", MathFunctions::add),
            Map.entry("States.StringSplit", StringFunctions::split),
            Map.entry("States.UUID", StringFunctions::uuid));

    private Intrinsics() {
    }

    /** True when a {@code .$} value is an intrinsic function call rather than a path. */
    public static boolean isIntrinsic(String expression) {
        return expression.strip().startsWith("States.");
    }

    /**
     * Checks an intrinsic call's syntax and function names without evaluating it, so a definition can be rejected
     * when it is loaded (AWS rejects such definitions at creation time).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void validate(String expression) {
        try {
            checkNames(IntrinsicParser.parse(expression));
        } catch (StatesError invalid) {
            throw new IllegalArgumentException(invalid.cause(), invalid);
        }
    }

    private static void checkNames(IntrinsicExpression.Call call) {
        if (!call.name().equals(FORMAT) && !FUNCTIONS.containsKey(call.name())) {
            throw unknown(call.name());
        }
        for (var argument : call.arguments()) {
            if (argument instanceof IntrinsicExpression.Call nested) {
                checkNames(nested);
            }
        }
    }

    /**
     * Evaluates one intrinsic call, e.g. {@code States.Format('order {}', $.orderId)}; path arguments are resolved
     * through {@code paths}. Nested calls are allowed.
     *
     * @throws StatesError {@code States.IntrinsicFailure} for a malformed call or an argument the function rejects;
     *                     whatever {@code paths} throws (AWS: {@code States.Runtime}) for a path that matches nothing
     */
    public static JsonNode evaluate(String expression, PathResolver paths) throws StatesError {
        return call(IntrinsicParser.parse(expression), paths);
    }

    private static JsonNode call(IntrinsicExpression.Call call, PathResolver paths) {
        if (call.name().equals(FORMAT)) {
            return format(call, paths);
        }
        var function = FUNCTIONS.get(call.name());
        if (function == null) {
            throw unknown(call.name());
        }
        return function.apply(new Arguments(call.name(), evaluateAll(call.arguments(), paths)));
    }

    private static StatesError unknown(String name) {
        return new StatesError("States.IntrinsicFailure", "The intrinsic function " + name + " does not exist.");
    }

    private static JsonNode format(IntrinsicExpression.Call call, PathResolver paths) {
        var arguments = call.arguments();
        if (arguments.isEmpty()) {
            throw new StatesError("States.IntrinsicFailure", "The function " + FORMAT
                    + " expects at least 1 argument but received 0.");
        }
        FormatTemplate template;
        if (arguments.getFirst() instanceof IntrinsicExpression.Literal literal && literal.source() != null) {
            template = FormatTemplate.fromLiteralSource(literal.source());
        } else {
            var first = new Arguments(FORMAT, List.of(evaluate(arguments.getFirst(), paths)));
            template = FormatTemplate.fromText(first.string(0));
        }
        var values = evaluateAll(arguments.subList(1, arguments.size()), paths);
        return StringFunctions.format(template, new Arguments(FORMAT, values));
    }

    private static List<JsonNode> evaluateAll(List<IntrinsicExpression> expressions, PathResolver paths) {
        var values = new ArrayList<JsonNode>(expressions.size());
        for (var expression : expressions) {
            values.add(evaluate(expression, paths));
        }
        return values;
    }

    private static JsonNode evaluate(IntrinsicExpression expression, PathResolver paths) {
        return switch (expression) {
            case IntrinsicExpression.Literal literal -> literal.value();
            case IntrinsicExpression.Path path -> paths.resolve(path.path());
            case IntrinsicExpression.Call nested -> call(nested, paths);
        };
    }
}
