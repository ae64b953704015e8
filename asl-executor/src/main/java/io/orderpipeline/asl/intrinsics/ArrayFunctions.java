package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** {@code States.Array}, {@code States.ArrayPartition}, {@code States.ArrayContains}, and the other array intrinsics. */
final class ArrayFunctions {

    /** Step Functions caps the array {@code States.ArrayRange} may build. */
    static final int MAX_RANGE_ITEMS = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ArrayFunctions() {
    }

    static JsonNode array(Arguments args) {
        var result = NODES.arrayNode(args.size());
        args.values().forEach(value -> result.add(value.deepCopy()));
        return result;
    }

    static JsonNode partition(Arguments args) {
        args.expectCount(2);
        var array = args.array(0);
        long chunk = args.integer(1);
        if (chunk <= 0) {
            throw args.failure("expects the chunk size (argument 2) to be greater than 0 but received " + chunk + ".");
        }
        var result = NODES.arrayNode();
        ArrayNode current = null;
        for (var item : array) {
            if (current == null || current.size() == chunk) {
                current = result.addArray();
            }
            current.add(item.deepCopy());
        }
        return result;
    }

    static JsonNode contains(Arguments args) {
        args.expectCount(2);
        var array = args.array(0);
        var wanted = args.any(1);
        for (var item : array) {
            if (JsonValues.sameValue(item, wanted)) {
                return NODES.booleanNode(true);
            }
        }
        return NODES.booleanNode(false);
    }

    static JsonNode range(Arguments args) {
        args.expectCount(3);
        long first = args.integer(0);
        long last = args.integer(1);
        long step = args.integer(2);
        if (step == 0) {
            throw args.failure("expects a step (argument 3) other than 0.");
        }
        long count = (step > 0 ? last - first : first - last) / Math.abs(step) + 1;
        if (count > MAX_RANGE_ITEMS) {
            throw args.failure("would create " + count + " items; an array can hold at most " + MAX_RANGE_ITEMS
                    + " items.");
        }
        var result = NODES.arrayNode();
        for (long value = first; step > 0 ? value <= last : value >= last; value += step) {
            result.add(value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value));
        }
        return result;
    }

    static JsonNode getItem(Arguments args) {
        args.expectCount(2);
        var array = args.array(0);
        long index = args.integer(1);
        if (index < 0 || index >= array.size()) {
            throw args.failure("received index " + index + ", which is out of bounds for an array of size "
                    + array.size() + ".");
        }
        return array.get((int) index).deepCopy();
    }

    static JsonNode length(Arguments args) {
        args.expectCount(1);
        return NODES.numberNode(args.array(0).size());
    }

    static JsonNode unique(Arguments args) {
        args.expectCount(1);
        var result = NODES.arrayNode();
        for (var item : args.array(0)) {
            boolean seen = false;
            for (var kept : result) {
                if (JsonValues.sameValue(kept, item)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                result.add(item.deepCopy());
            }
        }
        return result;
    }
}
