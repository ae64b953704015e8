package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it, and DynamoDB's limit on it. AWS: "The maximum item size in DynamoDB is 400 KB,
 * which includes both attribute name binary length (UTF-8 length) and attribute value lengths", with 1 KB = 1,024
 * bytes (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-items). The rules
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html): a string is its
 * UTF-8 bytes; a number 1 byte per two significant digits (leading and trailing zeros trimmed) plus 1 — AWS calls this
 * "approximately"; binary its raw bytes; a Boolean or null 1 byte; a list or map 3 bytes plus its elements plus 1 byte
 * per element; each attribute adds its name's UTF-8 bytes. Text and structure are exact; a number may be off by a
 * byte, so an item within a few bytes per number of the limit can still be refused by DynamoDB: its put then fails
 * with DynamoDB's own message, and the order is parked naming it.
 */
public final class ItemSize {

    /** DynamoDB's largest item: 400 KB of 1,024 bytes. */
    public static final long MAX_ITEM_BYTES = 400L * 1024;

    private ItemSize() {
    }

    /** The size of an item given as attribute-value JSON ({@code {"name": {"S": "…"}, …}}). */
    public static long of(JsonNode item) {
        long size = 0;
        for (Map.Entry<String, JsonNode> attribute : item.properties()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    /** Whether DynamoDB can hold the item. */
    public static boolean fits(JsonNode item) {
        return of(item) <= MAX_ITEM_BYTES;
    }

    private static long value(JsonNode attributeValue) {
        Map.Entry<String, JsonNode> typed = attributeValue.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> utf8(v.textValue());
            case "N" -> number(v.textValue());
            case "B" -> Base64.getDecoder().decode(v.textValue()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, e -> utf8(e.textValue()));
            case "NS" -> sum(v, e -> number(e.textValue()));
            case "BS" -> sum(v, e -> Base64.getDecoder().decode(e.textValue()).length);
            case "L" -> 3 + sum(v, e -> value(e) + 1);
            case "M" -> {
                long size = 3;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    size += utf8(e.getKey()) + value(e.getValue()) + 1;
                }
                yield size;
            }
            default -> throw new IllegalArgumentException("not an attribute value type: " + typed.getKey());
        };
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode e : array) {
            total += size.applyAsLong(e);
        }
        return total;
    }

    /** Write request units for an item of {@code bytes}: one per started KiB, at least one. */
    public static long writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    /** A number's bytes: 1 per two significant digits (leading and trailing zeros trimmed), plus 1. */
    public static long number(String text) {
        int end = text.length();
        int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (exponent >= 0) {
            end = exponent;
        }
        int first = -1;
        int last = -1;
        int digits = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (first < 0) {
                        first = digits;
                    }
                    last = digits;
                }
                digits++;
            }
        }
        int significant = first < 0 ? 1 : last - first + 1;
        return (significant + 1) / 2 + 1;
    }

    /** A string's (or an attribute name's) bytes: its UTF-8 length, counted without encoding it (this runs per put). */
    public static long utf8(String text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // a lone surrogate has no UTF-8 form: Java's encoder writes '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
