package io.orderpipeline.local.emulator;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * DynamoDB's item size rules (names + values; numbers ~1 byte per 2 digits + 1), for write request units: the cost
 * counters and the local table's write capacity ({@code --table-write-capacity}) both use them.
 */
public final class ItemSize {

    private ItemSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (var entry : item.entrySet()) {
            size += utf8(entry.getKey()) + of(entry.getValue());
        }
        return size;
    }

    /** Write request units for an item of this size: one per started KiB. */
    public static long writeUnits(Map<String, AttributeValue> item) {
        return item == null ? 1 : Math.max(1, (of(item) + 1023) / 1024);
    }

    private static long of(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case M -> 3 + value.m().entrySet().stream().mapToLong(e -> utf8(e.getKey()) + of(e.getValue()) + 1).sum();
            case L -> 3 + value.l().stream().mapToLong(v -> of(v) + 1).sum();
            default -> 0;
        };
    }

    private static long number(String n) {
        int digits = 0;
        boolean leading = true;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c >= '0' && c <= '9' && !(leading && c == '0')) {
                digits++;
                leading = false;
            }
        }
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
