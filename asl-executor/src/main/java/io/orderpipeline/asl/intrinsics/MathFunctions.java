package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** {@code States.MathAdd} and {@code States.MathRandom}. Non-integer arguments are rounded first, as AWS does. */
final class MathFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MathFunctions() {
    }

    static JsonNode add(Arguments args) {
        args.expectCount(2);
        long sum = (long) int32(args, 0) + int32(args, 1);
        return sum == (int) sum ? NODES.numberNode((int) sum) : NODES.numberNode(sum);
    }

    /** A random integer from start (inclusive) to end (exclusive); a seed makes the sequence repeatable. */
    static JsonNode random(Arguments args) {
        args.expectCount(2, 3);
        int start = int32(args, 0);
        int end = int32(args, 1);
        if (end <= start) {
            throw args.failure("expects the end number (" + end + ") to be greater than the start number ("
                    + start + ").");
        }
        var random = args.size() == 3 ? new Random(args.roundedInteger(2)) : ThreadLocalRandom.current();
        return NODES.numberNode(random.nextInt(start, end));
    }

    private static int int32(Arguments args, int index) {
        long value = args.roundedInteger(index);
        if (value != (int) value) {
            throw args.failure("expects argument " + (index + 1) + " to be within the 32-bit integer range but received "
                    + value + ".");
        }
        return (int) value;
    }
}
