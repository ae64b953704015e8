package io.orderpipeline.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
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
 * This runs once per valid order on the hot path, so the canonical form is encoded as UTF-8 by hand into a small
 * per-thread buffer that is fed to the digest whenever it fills: no String or byte[] of the whole form is built.
 * Stored hashes are idempotency keys — any change to the bytes produced here makes a redelivered order look new.
 */
public final class ContentHash {

    private static final Comparator<LineItem> BY_SKU = Comparator.comparing(LineItem::sku);
    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<Canonical> WRITER = ThreadLocal.withInitial(Canonical::new);

    private ContentHash() {
    }

    public static String of(Order order) {
        Canonical out = WRITER.get();
        out.start(null);
        out.order(order);
        return LOWER_HEX.formatHex(out.digest());
    }

    /** The canonical bytes that are hashed (UTF-8 JSON). */
    static byte[] canonicalForm(Order order) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Canonical out = new Canonical();
        out.start(bytes);
        out.order(order);
        out.flush();
        return bytes.toByteArray();
    }

    /** Writes the canonical form as UTF-8 into a buffer that is drained into the digest (or, for tests, a stream). */
    private static final class Canonical {

        private static final int CAPACITY = 1024;
        private static final int MAX_CHAR_BYTES = 6; // the longest single write: a six-character \\u00XX escape

        private final byte[] buffer = new byte[CAPACITY];
        private final MessageDigest digest;
        private ByteArrayOutputStream copy;
        private int length;

        Canonical() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }

        void start(ByteArrayOutputStream copyTo) {
            digest.reset();
            copy = copyTo;
            length = 0;
        }

        byte[] digest() {
            flush();
            return digest.digest();
        }

        void flush() {
            if (copy != null) {
                copy.write(buffer, 0, length);
            } else {
                digest.update(buffer, 0, length);
            }
            length = 0;
        }

        private void room(int bytes) {
            if (length + bytes > CAPACITY) {
                flush();
            }
        }

        private void ascii(char c) {
            room(1);
            buffer[length++] = (byte) c;
        }

        /** Constant ASCII text (field names, punctuation, decimal digits). */
        private void ascii(String s) {
            ascii(s, 0, s.length());
        }

        private void ascii(String s, int from, int to) {
            for (int i = from; i < to; ) {
                room(1);
                int n = Math.min(to - i, CAPACITY - length);
                s.getBytes(i, i + n, buffer, length); // ASCII only: one byte per char
                length += n;
                i += n;
            }
        }

        void order(Order order) {
            ascii("{\"v\":1,\"orderId\":");
            string(order.orderId());
            ascii(",\"customerId\":");
            string(order.customerId());
            ascii(",\"orderDate\":");
            string(order.orderDate());
            ascii(",\"currency\":");
            string(order.currency());
            ascii(",\"totalAmount\":\"");
            decimal(order.totalAmount());
            ascii("\",\"items\":[");
            List<LineItem> items = order.items();
            if (!sortedBySku(items)) {
                items = new ArrayList<>(items);
                items.sort(BY_SKU);
            }
            for (int i = 0; i < items.size(); i++) {
                LineItem item = items.get(i);
                ascii(i == 0 ? "[" : ",[");
                string(item.sku());
                ascii(',');
                ascii(Integer.toString(item.quantity()));
                ascii(",\"");
                decimal(item.unitPrice());
                ascii("\"]");
            }
            ascii("],\"channel\":");
            if (order.channel() == null) {
                ascii("null");
            } else {
                string(order.channel());
            }
            ascii(",\"shippingAddress\":");
            freeForm(order.shippingAddress());
            ascii(",\"attributes\":");
            freeForm(order.attributes());
            ascii('}');
        }

        private static boolean sortedBySku(List<LineItem> items) {
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i - 1).sku().compareTo(items.get(i).sku()) > 0) {
                    return false;
                }
            }
            return true;
        }

        private void decimal(BigDecimal value) {
            if (value.signum() == 0) {
                ascii('0');
                return;
            }
            String plain = value.toPlainString();
            ascii(plain, 0, Decimals.canonicalLength(plain, value.scale()));
        }

        private void freeForm(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                ascii("null");
            } else if (node.isObject()) {
                object(node);
            } else if (node.isArray()) {
                ascii('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        ascii(',');
                    }
                    freeForm(node.get(i));
                }
                ascii(']');
            } else if (node.isNumber()) {
                if (node.isIntegralNumber()) {
                    ascii(node.asText()); // an integer's plain text has no trailing zeros to strip
                } else {
                    decimal(node.decimalValue());
                }
            } else if (node.isTextual()) {
                string(node.textValue());
            } else if (node.isBoolean()) {
                ascii(node.booleanValue() ? "true" : "false");
            } else {
                throw new IllegalArgumentException("unexpected JSON node in order content: " + node.getNodeType());
            }
        }

        private void object(JsonNode node) {
            int size = node.size();
            ascii('{');
            if (size == 1) {
                Iterator<String> names = node.fieldNames();
                String name = names.next();
                string(name);
                ascii(':');
                freeForm(node.get(name));
            } else if (size > 1) {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                fields.sort(Map.Entry.comparingByKey());
                for (int i = 0; i < size; i++) {
                    if (i > 0) {
                        ascii(',');
                    }
                    string(fields.get(i).getKey());
                    ascii(':');
                    freeForm(fields.get(i).getValue());
                }
            }
            ascii('}');
        }

        /**
         * A JSON string literal, escaped the way Jackson writes it (short escapes, else upper-case {@code \\u00XX}),
         * encoded exactly as {@code String.getBytes(UTF_8)} does (an unpaired surrogate becomes {@code ?}).
         */
        private void string(String s) {
            ascii('"');
            int n = s.length();
            int i = 0;
            while (i < n) {
                int fit = Math.min(n - i, (CAPACITY - length) / MAX_CHAR_BYTES); // chars sure to fit without a flush
                if (fit == 0) {
                    flush();
                } else {
                    i = stringPart(s, i, i + fit);
                }
            }
            ascii('"');
        }

        /** Encodes chars [i, end) of s (and the low half of a pair that straddles end); returns the next index. */
        private int stringPart(String s, int i, int end) {
            int n = s.length();
            byte[] b = buffer;
            for (; i < end; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '"' -> escape('"');
                        case '\\' -> escape('\\');
                        case '\b' -> escape('b');
                        case '\f' -> escape('f');
                        case '\n' -> escape('n');
                        case '\r' -> escape('r');
                        case '\t' -> escape('t');
                        default -> {
                            if (c < 0x20) {
                                b[length++] = '\\';
                                b[length++] = 'u';
                                b[length++] = '0';
                                b[length++] = '0';
                                b[length++] = UPPER_HEX[c >> 4];
                                b[length++] = UPPER_HEX[c & 0xF];
                            } else {
                                b[length++] = (byte) c;
                            }
                        }
                    }
                } else if (c < 0x800) {
                    b[length++] = (byte) (0xC0 | (c >> 6));
                    b[length++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, s.charAt(++i));
                        b[length++] = (byte) (0xF0 | (cp >> 18));
                        b[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        b[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        b[length++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        b[length++] = '?';
                    }
                } else {
                    b[length++] = (byte) (0xE0 | (c >> 12));
                    b[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[length++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            return i;
        }

        private void escape(char c) {
            buffer[length++] = '\\';
            buffer[length++] = (byte) c;
        }
    }
}
