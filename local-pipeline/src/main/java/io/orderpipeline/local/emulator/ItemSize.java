package io.orderpipeline.local.emulator;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static io.orderpipeline.model.wire.ItemSize.number;
import static io.orderpipeline.model.wire.ItemSize.utf8;

/**
 * {@link io.orderpipeline.model.wire.ItemSize}'s rules (the one statement of DynamoDB's item size) walked over the
 * SDK's attribute values, for write request units: the cost counters and the local table's write capacity
 * ({@code --table-write-capacity}) both use them, per put, without converting the item to JSON first.
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
        return item == null ? 1 : io.orderpipeline.model.wire.ItemSize.writeUnits(of(item));
    }

    private static long of(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(io.orderpipeline.model.wire.ItemSize::utf8).sum();
            case NS -> value.ns().stream().mapToLong(io.orderpipeline.model.wire.ItemSize::number).sum();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case M -> 3 + value.m().entrySet().stream().mapToLong(e -> utf8(e.getKey()) + of(e.getValue()) + 1).sum();
            case L -> 3 + value.l().stream().mapToLong(v -> of(v) + 1).sum();
            default -> 0;
        };
    }

}
