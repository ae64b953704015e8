package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
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
        } catch (IntrinsicException invalid) {
            throw new IllegalArgumentException("The function '" + expression + "' is invalid: " + invalid.detail(),
                    invalid);
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
     * @throws StatesError {@code States.Runtime} with the cause AWS writes,
     *                     {@code The function '<expression>' had the following error: <detail>} — for a path argument
     *                     that matches nothing the detail is {@code The JsonPath argument for the field '<path>' could
     *                     not be found in the input '<input>'}
     */
    public static JsonNode evaluate(String expression, PathResolver paths) throws StatesError {
        try {
            return call(IntrinsicParser.parse(expression), paths);
        } catch (IntrinsicException failure) {
            throw new StatesError(ErrorNames.RUNTIME,
                    "The function '" + expression + "' had the following error: " + failure.detail());
        }
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

    private static IntrinsicException unknown(String name) {
        return new IntrinsicException("The intrinsic function " + name + " does not exist.");
    }

    private static JsonNode format(IntrinsicExpression.Call call, PathResolver paths) {
        var arguments = call.arguments();
        if (arguments.isEmpty()) {
            throw new IntrinsicException(FORMAT + " expects at least 1 argument but received 0.");
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
            case IntrinsicExpression.Path path -> resolve(path.path(), paths);
            case IntrinsicExpression.Call nested -> call(nested, paths);
        };
    }

    private static JsonNode resolve(String path, PathResolver paths) {
        try {
            return paths.resolve(path);
        } catch (StatesError notFound) {
            throw new IntrinsicException("The JsonPath argument for the field '" + path
                    + "' could not be found in the input '" + inputText(path, paths) + "'");
        }
    }

    private static String inputText(String path, PathResolver paths) {
        try {
            return paths.resolve(path.startsWith("$$") ? "$$" : "$").toString();
        } catch (StatesError unavailable) {
            return "";
        }
    }
}
