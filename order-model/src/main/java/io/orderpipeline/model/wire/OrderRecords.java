package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;

/**
 * An order as a JSON-format record (data-contracts.md §1) — e.g. to re-validate a stored order with
 * {@code validator.validate(OrderRecords.toRecord(order), RecordFormat.JSON)}.
 */
public final class OrderRecords {

    private OrderRecords() {
    }

    public static ObjectNode toRecord(Order order) {
        ObjectNode record = AttributeValues.NODES.objectNode();
        record.put("orderId", order.orderId());
        record.put("customerId", order.customerId());
        record.put("orderDate", order.orderDate());
        record.put("currency", order.currency());
        ArrayNode items = record.putArray("items");
        for (LineItem line : order.items()) {
            ObjectNode item = items.addObject();
            item.put("sku", line.sku());
            item.put("quantity", line.quantity());
            item.put("unitPrice", line.unitPrice());
        }
        record.put("totalAmount", order.totalAmount());
        if (order.channel() != null) {
            record.put("channel", order.channel());
        }
        if (order.shippingAddress() != null) {
            record.set("shippingAddress", order.shippingAddress().deepCopy());
        }
        if (order.attributes() != null) {
            record.set("attributes", order.attributes().deepCopy());
        }
        return record;
    }
}
