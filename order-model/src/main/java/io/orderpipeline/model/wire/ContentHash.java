package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.fast.JsonBytes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
 * This runs once per valid order on the hot path, so the canonical form is encoded as UTF-8 by hand into a reused
 * per-thread buffer ({@link JsonBytes}) and digested in one call: no String of the form is built.
 * Stored hashes are idempotency keys — any change to the bytes produced here makes a redelivered order look new.
 */
public final class ContentHash {

    private static final Comparator<LineItem> BY_SKU = Comparator.comparing(LineItem::sku);
    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final ThreadLocal<Canonical> WRITER = ThreadLocal.withInitial(Canonical::new);

    private ContentHash() {
    }

    public static String of(Order order) {
        Canonical out = WRITER.get();
        out.order(order);
        return LOWER_HEX.formatHex(out.digest());
    }

    /** The canonical bytes that are hashed (UTF-8 JSON). */
    static byte[] canonicalForm(Order order) {
        Canonical out = new Canonical();
        out.order(order);
        return out.bytes();
    }

    /** Writes the canonical form as UTF-8 JSON into a reused buffer, then digests it. */
    private static final class Canonical {

        private static final byte[] START = JsonBytes.constant("{\"v\":1,\"orderId\":");
        private static final byte[] CUSTOMER_ID = JsonBytes.constant(",\"customerId\":");
        private static final byte[] ORDER_DATE = JsonBytes.constant(",\"orderDate\":");
        private static final byte[] CURRENCY = JsonBytes.constant(",\"currency\":");
        private static final byte[] TOTAL_AMOUNT = JsonBytes.constant(",\"totalAmount\":\"");
        private static final byte[] ITEMS = JsonBytes.constant("\",\"items\":[");
        private static final byte[] FIRST_LINE = JsonBytes.constant("[");
        private static final byte[] NEXT_LINE = JsonBytes.constant(",[");
        private static final byte[] COMMA = JsonBytes.constant(",");
        private static final byte[] COMMA_QUOTE = JsonBytes.constant(",\"");
        private static final byte[] QUOTE_BRACKET = JsonBytes.constant("\"]");
        private static final byte[] CHANNEL = JsonBytes.constant("],\"channel\":");
        private static final byte[] SHIPPING_ADDRESS = JsonBytes.constant(",\"shippingAddress\":");
        private static final byte[] ATTRIBUTES = JsonBytes.constant(",\"attributes\":");
        private static final byte[] END = JsonBytes.constant("}");
        private static final byte[] NULL = JsonBytes.constant("null");
        private static final byte[] TRUE = JsonBytes.constant("true");
        private static final byte[] FALSE = JsonBytes.constant("false");
        private static final byte[] QUOTE = JsonBytes.constant("\"");
        private static final byte[] COLON = JsonBytes.constant(":");
        private static final byte[] OPEN_OBJECT = JsonBytes.constant("{");
        private static final byte[] CLOSE_OBJECT = JsonBytes.constant("}");
        private static final byte[] OPEN_ARRAY = JsonBytes.constant("[");
        private static final byte[] CLOSE_ARRAY = JsonBytes.constant("]");

        private final JsonBytes out = new JsonBytes(1024);
        private final MessageDigest digest;

        Canonical() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }

        byte[] digest() {
            digest.update(out.array(), 0, out.length());
            return digest.digest();
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(out.array(), out.length());
        }

        void order(Order order) {
            out.reset();
            out.raw(START);
            string(order.orderId());
            out.raw(CUSTOMER_ID);
            string(order.customerId());
            out.raw(ORDER_DATE);
            string(order.orderDate());
            out.raw(CURRENCY);
            string(order.currency());
            out.raw(TOTAL_AMOUNT);
            out.decimal(order.totalAmount());
            out.raw(ITEMS);
            List<LineItem> items = order.items();
            if (!sortedBySku(items)) {
                items = new ArrayList<>(items);
                items.sort(BY_SKU);
            }
            for (int i = 0; i < items.size(); i++) {
                LineItem item = items.get(i);
                out.raw(i == 0 ? FIRST_LINE : NEXT_LINE);
                string(item.sku());
                out.raw(COMMA);
                out.integer(item.quantity());
                out.raw(COMMA_QUOTE);
                out.decimal(item.unitPrice());
                out.raw(QUOTE_BRACKET);
            }
            out.raw(CHANNEL);
            if (order.channel() == null) {
                out.raw(NULL);
            } else {
                string(order.channel());
            }
            out.raw(SHIPPING_ADDRESS);
            freeForm(order.shippingAddress());
            out.raw(ATTRIBUTES);
            freeForm(order.attributes());
            out.raw(END);
        }

        private static boolean sortedBySku(List<LineItem> items) {
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i - 1).sku().compareTo(items.get(i).sku()) > 0) {
                    return false;
                }
            }
            return true;
        }

        private void freeForm(JsonNode node) {
            if (node == null) {
                out.raw(NULL);
                return;
            }
            switch (node.getNodeType()) {
                case NULL, MISSING -> out.raw(NULL);
                case OBJECT -> object(node);
                case ARRAY -> {
                    out.raw(OPEN_ARRAY);
                    for (int i = 0; i < node.size(); i++) {
                        if (i > 0) {
                            out.raw(COMMA);
                        }
                        freeForm(node.get(i));
                    }
                    out.raw(CLOSE_ARRAY);
                }
                case NUMBER -> {
                    if (node.isIntegralNumber()) {
                        out.integer(node); // an integer's plain text has no trailing zeros to strip
                    } else {
                        out.decimal(node.decimalValue());
                    }
                }
                case STRING -> string(node.textValue());
                case BOOLEAN -> out.raw(node.booleanValue() ? TRUE : FALSE);
                default -> throw new IllegalArgumentException("unexpected JSON node in order content: "
                        + node.getNodeType());
            }
        }

        private void object(JsonNode node) {
            int size = node.size();
            out.raw(OPEN_OBJECT);
            if (size == 1) {
                Map.Entry<String, JsonNode> only = node.properties().iterator().next();
                string(only.getKey());
                out.raw(COLON);
                freeForm(only.getValue());
            } else if (size > 1) {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                fields.sort(Map.Entry.comparingByKey());
                for (int i = 0; i < size; i++) {
                    if (i > 0) {
                        out.raw(COMMA);
                    }
                    string(fields.get(i).getKey());
                    out.raw(COLON);
                    freeForm(fields.get(i).getValue());
                }
            }
            out.raw(CLOSE_OBJECT);
        }

        /**
         * A JSON string literal, escaped the way Jackson writes it (short escapes, else upper-case {@code \\u00XX}),
         * encoded exactly as {@code String.getBytes(UTF_8)} does (an unpaired surrogate becomes {@code ?}).
         */
        private void string(String s) {
            out.raw(QUOTE);
            out.utf8String(s);
            out.raw(QUOTE);
        }
    }
}
