package io.orderpipeline.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 (hex) of an order's canonical business content — the idempotency key of the conditional write.
 *
 * <p>Canonical form (version 1): compact JSON with a fixed field order; amounts as decimal text without trailing
 * zeros; items sorted by SKU (SKUs are unique per order); free-form objects with keys sorted and numbers without
 * trailing zeros. So the same order gives the same hash from JSON or CSV, with {@code 9.95} or {@code 9.950}, and
 * with attributes in any key order. Where the order came from (file, execution, time) is not content.
 *
 * <pre>{"v":1,"orderId":"…","customerId":"…","orderDate":"…","currency":"EUR","totalAmount":"24.4",
 *  "items":[["SKU-A",2,"9.95"],…],"channel":"web"|null,"shippingAddress":{…}|null,"attributes":{…}|null}</pre>
 *
 * Written by hand into a reused buffer (this runs once per valid order on the hot path).
 */
public final class ContentHash {

    private static final Comparator<LineItem> BY_SKU = Comparator.comparing(LineItem::sku);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(512));

    private ContentHash() {
    }

    public static String of(Order order) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(canonicalForm(order)));
    }

    /** The canonical bytes that are hashed (UTF-8 JSON). */
    static byte[] canonicalForm(Order order) {
        StringBuilder out = BUFFER.get();
        out.setLength(0);
        out.append("{\"v\":1,\"orderId\":");
        string(out, order.orderId());
        out.append(",\"customerId\":");
        string(out, order.customerId());
        out.append(",\"orderDate\":");
        string(out, order.orderDate());
        out.append(",\"currency\":");
        string(out, order.currency());
        out.append(",\"totalAmount\":\"").append(Decimals.canonical(order.totalAmount())).append("\",\"items\":[");
        List<LineItem> items = order.items();
        if (items.size() > 1) {
            items = new ArrayList<>(items);
            items.sort(BY_SKU);
        }
        for (int i = 0; i < items.size(); i++) {
            LineItem item = items.get(i);
            out.append(i == 0 ? "[" : ",[");
            string(out, item.sku());
            out.append(',').append(item.quantity()).append(",\"")
                    .append(Decimals.canonical(item.unitPrice())).append("\"]");
        }
        out.append("],\"channel\":");
        if (order.channel() == null) {
            out.append("null");
        } else {
            string(out, order.channel());
        }
        out.append(",\"shippingAddress\":");
        freeForm(out, order.shippingAddress());
        out.append(",\"attributes\":");
        freeForm(out, order.attributes());
        out.append('}');
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (out.capacity() > 64 * 1024) {
            BUFFER.remove(); // do not keep a huge buffer after an unusual order
        }
        return bytes;
    }

    private static void freeForm(StringBuilder out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, names.get(i));
                out.append(':');
                freeForm(out, node.get(names.get(i)));
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                freeForm(out, node.get(i));
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(Decimals.canonical(node.decimalValue()));
        } else if (node.isTextual()) {
            string(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            throw new IllegalArgumentException("unexpected JSON node in order content: " + node.getNodeType());
        }
    }

    /** A JSON string literal, escaped the way Jackson writes it (short escapes, else upper-case {@code \\u00XX}). */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
