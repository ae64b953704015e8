package io.orderpipeline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Order files for the integration tests, in the three formats of data-contracts.md. */
public final class OrderFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderFiles() {
    }

    public static ObjectNode valid(String orderId, int n) {
        var order = JSON.createObjectNode();
        order.put("orderId", orderId);
        order.put("customerId", "CUST-" + (n % 97));
        order.put("orderDate", "2026-11-" + String.format(Locale.ROOT, "%02d", 1 + n % 20) + "T09:15:00Z");
        order.put("currency", "EUR");
        var items = order.putArray("items");
        var quantity = 1 + n % 3;
        items.addObject().put("sku", "SKU-RED-MUG").put("quantity", quantity).put("unitPrice", new BigDecimal("9.95"));
        items.addObject().put("sku", "SKU-TEA-100").put("quantity", 1).put("unitPrice", new BigDecimal("4.50"));
        order.put("totalAmount", new BigDecimal("9.95").multiply(BigDecimal.valueOf(quantity)).add(new BigDecimal("4.50")));
        order.put("channel", "web");
        return order;
    }

    /** Fails one rule: TOTAL_MISMATCH. */
    public static ObjectNode invalid(String orderId, int n) {
        var order = valid(orderId, n);
        order.put("totalAmount", new BigDecimal("1.00"));
        return order;
    }

    /** {@code validCount} valid then {@code invalidCount} invalid orders with ids {@code ORD-<prefix>-<n>}. */
    public static List<ObjectNode> orders(String prefix, int validCount, int invalidCount) {
        var orders = new ArrayList<ObjectNode>();
        for (int i = 0; i < validCount; i++) {
            orders.add(valid(id(prefix, i), i));
        }
        for (int i = validCount; i < validCount + invalidCount; i++) {
            orders.add(invalid(id(prefix, i), i));
        }
        return orders;
    }

    public static String id(String prefix, int n) {
        return "ORD-" + prefix + "-" + String.format(Locale.ROOT, "%06d", n);
    }

    public enum Format {
        JSON(".json"), JSONL(".jsonl"), CSV(".csv");

        public final String suffix;

        Format(String suffix) {
            this.suffix = suffix;
        }
    }

    public static byte[] render(List<ObjectNode> orders, Format format) {
        var text = switch (format) {
            case JSON -> orders.toString();
            case JSONL -> {
                var out = new StringBuilder();
                orders.forEach(o -> out.append(o).append('\n'));
                yield out.toString();
            }
            case CSV -> {
                var out = new StringBuilder("orderId,customerId,orderDate,currency,items,totalAmount,channel,shippingAddress,attributes\n");
                for (var o : orders) {
                    out.append(String.join(",", cell(o.get("orderId").asText()), cell(o.get("customerId").asText()),
                            cell(o.get("orderDate").asText()), cell(o.get("currency").asText()), quote(o.get("items").toString()),
                            o.get("totalAmount").decimalValue().toPlainString(), cell(o.path("channel").asText()),
                            o.has("shippingAddress") ? quote(o.get("shippingAddress").toString()) : "",
                            o.has("attributes") ? quote(o.get("attributes").toString()) : "")).append('\n');
                }
                yield out.toString();
            }
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A quoted cell as the CSV contract asks a producer to write it (data-contracts.md §1): each quote doubled, and
     * each backslash written {@code \\}, because AWS's CSV reader takes a backslash as an escape even inside quotes.
     */
    static String quote(String cell) {
        return "\"" + cell.replace("\\", "\\\\").replace("\"", "\"\"") + "\"";
    }

    /** A plain cell, quoted only when it must be. */
    private static String cell(String text) {
        return text.matches("[^,\"\\\\\r\n]*") ? text : quote(text);
    }
}
