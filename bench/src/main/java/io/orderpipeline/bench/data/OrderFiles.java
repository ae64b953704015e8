package io.orderpipeline.bench.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Order files in the upload formats (data-contracts.md §1). */
public final class OrderFiles {

    private OrderFiles() {
    }

    /** One order per line. */
    public static byte[] jsonl(List<ObjectNode> orders) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(orders.size() * 450);
        for (ObjectNode order : orders) {
            out.writeBytes(Json.write(order).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A top-level JSON array. */
    public static byte[] jsonArray(List<ObjectNode> orders) {
        var array = Json.mapper().createArrayNode();
        orders.forEach(array::add);
        return Json.write(array).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} orders whose ids start with {@code prefix} (so runs do not overwrite each other's orders). */
    public static List<ObjectNode> orders(String prefix, int count, long seed, int invalidEvery) {
        List<ObjectNode> orders = new OrderGenerator(seed, invalidEvery).next(count);
        orders.forEach(o -> o.put("orderId", prefix + o.get("orderId").asText()));
        return orders;
    }
}
