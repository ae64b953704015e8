package io.orderpipeline.model.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Order ⇄ DynamoDB item (attribute-value JSON), exactly the table in data-contracts.md §3. The state machine puts
 * the item as is; the redrive puts it with the SDK.
 */
public final class OrderItemMapper {

    public static final String ORDER_ID = "orderId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String ORDER_DATE = "orderDate";
    public static final String CURRENCY = "currency";
    public static final String TOTAL_AMOUNT = "totalAmount";
    public static final String ITEMS = "items";
    public static final String CHANNEL = "channel";
    public static final String SHIPPING_ADDRESS = "shippingAddress";
    public static final String ATTRIBUTES = "attributes";
    public static final String CONTENT_HASH = "contentHash";
    public static final String SOURCE_BUCKET = "sourceBucket";
    public static final String SOURCE_KEY = "sourceKey";
    public static final String SOURCE_VERSION = "sourceVersion";
    public static final String EXECUTION_ID = "executionId";
    public static final String INGESTED_AT = "ingestedAt";

    private OrderItemMapper() {
    }

    /** The item as a tree (for the SDK, the redrive, tests): the layout of {@link BatchItemWriter}. */
    public static ObjectNode toItem(Order order, IngestionContext context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try {
            try (JsonGenerator gen = Json.mapper().createGenerator(bytes)) {
                writeItem(gen, order, context);
            }
            return (ObjectNode) Json.mapper().readTree(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the item as the next value of {@code gen} (for one order; a batch shares one {@link BatchItemWriter}). */
    public static void writeItem(JsonGenerator gen, Order order, IngestionContext context) throws IOException {
        new BatchItemWriter(context).writeItem(gen, order);
    }

    /**
     * The order held by a stored item (the reverse of {@link #toItem}).
     *
     * @throws IllegalArgumentException when the item does not have the table's shape
     */
    public static Order fromItem(JsonNode item) {
        requireObject(item);
        List<LineItem> lines = new ArrayList<>();
        JsonNode itemsAv = item.get(ITEMS);
        JsonNode list = itemsAv == null ? null : itemsAv.get("L");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("items is not an L attribute value: " + itemsAv);
        }
        for (JsonNode lineAv : list) {
            JsonNode m = lineAv.get("M");
            if (m == null || !m.isObject()) {
                throw new IllegalArgumentException("an items element is not an M attribute value: " + lineAv);
            }
            BigDecimal quantity = required(AttributeValues.number(m, "quantity"), "items[].quantity");
            lines.add(new LineItem(required(AttributeValues.string(m, "sku"), "items[].sku"),
                    quantity.intValueExact(), required(AttributeValues.number(m, "unitPrice"), "items[].unitPrice")));
        }
        return new Order(
                required(AttributeValues.string(item, ORDER_ID), ORDER_ID),
                required(AttributeValues.string(item, CUSTOMER_ID), CUSTOMER_ID),
                required(AttributeValues.string(item, ORDER_DATE), ORDER_DATE),
                required(AttributeValues.string(item, CURRENCY), CURRENCY),
                lines,
                required(AttributeValues.number(item, TOTAL_AMOUNT), TOTAL_AMOUNT),
                AttributeValues.string(item, CHANNEL),
                object(item, SHIPPING_ADDRESS),
                object(item, ATTRIBUTES));
    }

    /** Where and when a stored item was ingested. */
    public static IngestionContext contextFromItem(JsonNode item) {
        requireObject(item);
        String ingestedAt = required(AttributeValues.string(item, INGESTED_AT), INGESTED_AT);
        try {
            return new IngestionContext(
                    new SourceRef(required(AttributeValues.string(item, SOURCE_BUCKET), SOURCE_BUCKET),
                            required(AttributeValues.string(item, SOURCE_KEY), SOURCE_KEY),
                            AttributeValues.string(item, SOURCE_VERSION)),
                    AttributeValues.string(item, EXECUTION_ID),
                    Instant.parse(ingestedAt));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ingestedAt is not an ISO-8601 instant: " + ingestedAt, e);
        }
    }

    /** The item's {@code contentHash} (S), or null when absent. */
    public static String contentHash(JsonNode item) {
        requireObject(item);
        return AttributeValues.string(item, CONTENT_HASH);
    }

    private static ObjectNode object(JsonNode item, String name) {
        JsonNode av = item.get(name);
        if (av == null) {
            return null;
        }
        JsonNode json = AttributeValues.toJson(av);
        if (!json.isObject()) {
            throw new IllegalArgumentException(name + " is not an M attribute value: " + av);
        }
        return (ObjectNode) json;
    }

    private static void requireObject(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("a DynamoDB item must be a JSON object: " + item);
        }
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("the item has no " + name);
        }
        return value;
    }
}
