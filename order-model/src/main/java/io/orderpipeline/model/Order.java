package io.orderpipeline.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A sales order that passed every rule. Built only by {@link io.orderpipeline.model.rules.OrderValidator} (from a
 * record) or {@link io.orderpipeline.model.wire.OrderItemMapper#fromItem} (from a stored DynamoDB item).
 *
 * @param orderDate       normalised ISO-8601: an instant as {@code Instant.toString()} (UTC, {@code …Z}) or a date {@code yyyy-MM-dd}
 * @param channel         optional (null when absent)
 * @param shippingAddress optional free-form JSON object (null when absent); treat as read-only
 * @param attributes      optional free-form JSON object (null when absent); treat as read-only
 */
public record Order(
        String orderId,
        String customerId,
        String orderDate,
        String currency,
        List<LineItem> items,
        BigDecimal totalAmount,
        String channel,
        ObjectNode shippingAddress,
        ObjectNode attributes) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderDate, "orderDate");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(totalAmount, "totalAmount");
        items = List.copyOf(items);
    }
}
