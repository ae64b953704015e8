package io.orderpipeline.asl.jsonata;

import com.dashjoin.jsonata.Jsonata;
import io.orderpipeline.items.ExactJson;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions Step Functions adds to JSONata ("JSONata functions provided by Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): {@code $partition(array, size)},
 * {@code $range(start, end, step)}, {@code $hash(text, algorithm)}, {@code $random([seed])}, {@code $uuid()} and
 * {@code $parse(jsonText)}. They behave like the intrinsic functions they mirror ({@code States.ArrayPartition},
 * {@code States.ArrayRange}, {@code States.Hash}, {@code States.MathRandom}, {@code States.UUID},
 * {@code States.StringToJson}); a bad argument fails the expression.
 */
final class StepFunctionsFunctions {

    /** Like States.ArrayRange, an array built by $range holds at most 1000 items. */
    static final int MAX_RANGE_ITEMS = 1000;

    private static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private StepFunctionsFunctions() {
    }

    static void register(Jsonata expression) {
        expression.registerFunction("partition", function("partition", StepFunctionsFunctions::partition));
        expression.registerFunction("range", function("range", StepFunctionsFunctions::range));
        expression.registerFunction("hash", function("hash", StepFunctionsFunctions::hash));
        expression.registerFunction("random", function("random", StepFunctionsFunctions::random));
        expression.registerFunction("uuid", function("uuid", StepFunctionsFunctions::uuid));
        expression.registerFunction("parse", function("parse", StepFunctionsFunctions::parse));
    }

    private interface Body {
        Object apply(String name, List<?> args);
    }

    private static Jsonata.JFunction function(String name, Body body) {
        return new Jsonata.JFunction((input, args) -> body.apply(name, args == null ? List.of() : args), null);
    }

    private static Object partition(String name, List<?> args) {
        count(name, args, 2, 2);
        List<?> array = array(name, args, 0);
        long size = integer(name, args, 1);
        if (size <= 0) {
            throw failure(name, "expects the chunk size (argument 2) to be greater than 0 but received " + size);
        }
        var chunks = new ArrayList<List<Object>>();
        for (int i = 0; i < array.size(); i += (int) Math.min(size, Integer.MAX_VALUE)) {
            chunks.add(new ArrayList<>(array.subList(i, (int) Math.min(array.size(), i + size))));
        }
        return chunks;
    }

    private static Object range(String name, List<?> args) {
        count(name, args, 3, 3);
        long first = integer(name, args, 0);
        long last = integer(name, args, 1);
        long step = integer(name, args, 2);
        if (step == 0) {
            throw failure(name, "expects a step (argument 3) other than 0");
        }
        var values = new ArrayList<Object>();
        for (long value = first; step > 0 ? value <= last : value >= last; value += step) {
            if (values.size() == MAX_RANGE_ITEMS) {
                throw failure(name, "would create more than " + MAX_RANGE_ITEMS + " items");
            }
            values.add(value);
        }
        return values;
    }

    private static Object hash(String name, List<?> args) {
        count(name, args, 2, 2);
        String data = string(name, args, 0);
        String algorithm = string(name, args, 1);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw failure(name, "does not support the hash algorithm '" + algorithm
                    + "'; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException missingFromJdk) {
            throw new IllegalStateException("the JDK lacks " + algorithm, missingFromJdk);
        }
    }

    /** A number from 0 (inclusive) to 1 (exclusive); with a seed the same number every time for that seed. */
    private static Object random(String name, List<?> args) {
        count(name, args, 0, 1);
        if (args.isEmpty()) {
            return ThreadLocalRandom.current().nextDouble();
        }
        return new Random(integer(name, args, 0)).nextDouble();
    }

    private static Object uuid(String name, List<?> args) {
        count(name, args, 0, 0);
        return UUID.randomUUID().toString();
    }

    private static Object parse(String name, List<?> args) {
        count(name, args, 1, 1);
        String text = string(name, args, 0);
        try {
            return JavaValues.current().toJava(ExactJson.parse(text));
        } catch (java.io.IOException notJson) {
            throw failure(name, "received a string that is not valid JSON");
        }
    }

    private static void count(String name, List<?> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw failure(name, "expects " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " arguments but received " + args.size());
        }
    }

    private static List<?> array(String name, List<?> args, int index) {
        if (args.get(index) instanceof List<?> list) {
            return list;
        }
        throw failure(name, "expects argument " + (index + 1) + " to be an array");
    }

    private static String string(String name, List<?> args, int index) {
        if (args.get(index) instanceof String text) {
            return text;
        }
        throw failure(name, "expects argument " + (index + 1) + " to be a string");
    }

    private static long integer(String name, List<?> args, int index) {
        if (args.get(index) instanceof Number number) {
            try {
                return new BigDecimal(number.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException notIntegral) {
                // falls through
            }
        }
        throw failure(name, "expects argument " + (index + 1) + " to be an integer");
    }

    private static JsonataEvaluationException failure(String name, String problem) {
        return new JsonataEvaluationException("$" + name + " " + problem);
    }
}
