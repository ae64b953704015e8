package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

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

    /** The item as a tree (for the SDK, the redrive, tests). Same bytes as {@link #writeItem}. */
    public static ObjectNode toItem(Order order, IngestionContext context) {
        TokenBuffer buffer = new TokenBuffer(Json.mapper(), false);
        try {
            writeItem(buffer, order, context);
            return (ObjectNode) Json.mapper().readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the item as attribute-value JSON into {@code gen} — the validator's hot path writes items this way,
     * without building a tree per attribute. Constant field names are written pre-encoded.
     */
    public static void writeItem(JsonGenerator gen, Order order, IngestionContext context) throws IOException {
        gen.writeStartObject();
        s(gen, Names.ORDER_ID, order.orderId());
        s(gen, Names.CUSTOMER_ID, order.customerId());
        s(gen, Names.ORDER_DATE, order.orderDate());
        s(gen, Names.CURRENCY, order.currency());
        n(gen, Names.TOTAL_AMOUNT, Decimals.canonical(order.totalAmount()));
        gen.writeFieldName(Names.ITEMS);
        gen.writeStartObject();
        gen.writeFieldName(AttributeValues.L);
        gen.writeStartArray();
        for (LineItem line : order.items()) {
            gen.writeStartObject();
            gen.writeFieldName(AttributeValues.M);
            gen.writeStartObject();
            s(gen, Names.SKU, line.sku());
            n(gen, Names.QUANTITY, Integer.toString(line.quantity()));
            n(gen, Names.UNIT_PRICE, Decimals.canonical(line.unitPrice()));
            gen.writeEndObject();
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        if (order.channel() != null) {
            s(gen, Names.CHANNEL, order.channel());
        }
        if (order.shippingAddress() != null) {
            gen.writeFieldName(Names.SHIPPING_ADDRESS);
            AttributeValues.write(gen, order.shippingAddress());
        }
        if (order.attributes() != null) {
            gen.writeFieldName(Names.ATTRIBUTES);
            AttributeValues.write(gen, order.attributes());
        }
        s(gen, Names.CONTENT_HASH, ContentHash.of(order));
        writeIngestion(gen, context);
        gen.writeEndObject();
    }

    /** The item's last attributes, where and when it was ingested: the same for every order of a batch. */
    static void writeIngestion(JsonGenerator gen, IngestionContext context) throws IOException {
        SourceRef source = context.source();
        s(gen, Names.SOURCE_BUCKET, source.bucket());
        s(gen, Names.SOURCE_KEY, source.key());
        if (source.versionId() != null) {
            s(gen, Names.SOURCE_VERSION, source.versionId());
        }
        if (context.executionId() != null) {
            s(gen, Names.EXECUTION_ID, context.executionId());
        }
        s(gen, Names.INGESTED_AT, ingestedAtText(context.ingestedAt()));
    }

    /** Every order of a batch has the same ingestion time: format it once, not once per order. */
    private static String ingestedAtText(Instant ingestedAt) {
        FormattedInstant last = lastIngestedAt;
        if (last == null || !last.instant().equals(ingestedAt)) {
            last = new FormattedInstant(ingestedAt, ingestedAt.toString());
            lastIngestedAt = last;
        }
        return last.text();
    }

    private record FormattedInstant(Instant instant, String text) {
    }

    /** The last formatted ingestion time; immutable, so a racy read sees either the old or the new pair. */
    private static volatile FormattedInstant lastIngestedAt;

    private static void s(JsonGenerator gen, SerializableString name, String value) throws IOException {
        gen.writeFieldName(name);
        gen.writeStartObject();
        gen.writeFieldName(AttributeValues.S);
        gen.writeString(value);
        gen.writeEndObject();
    }

    private static void n(JsonGenerator gen, SerializableString name, String number) throws IOException {
        gen.writeFieldName(name);
        gen.writeStartObject();
        gen.writeFieldName(AttributeValues.N);
        gen.writeString(number);
        gen.writeEndObject();
    }

    /** The item's attribute names, encoded once (the generator copies their quoted bytes instead of escaping each time). */
    private static final class Names {
        static final SerializableString ORDER_ID = new SerializedString(OrderItemMapper.ORDER_ID);
        static final SerializableString CUSTOMER_ID = new SerializedString(OrderItemMapper.CUSTOMER_ID);
        static final SerializableString ORDER_DATE = new SerializedString(OrderItemMapper.ORDER_DATE);
        static final SerializableString CURRENCY = new SerializedString(OrderItemMapper.CURRENCY);
        static final SerializableString TOTAL_AMOUNT = new SerializedString(OrderItemMapper.TOTAL_AMOUNT);
        static final SerializableString ITEMS = new SerializedString(OrderItemMapper.ITEMS);
        static final SerializableString SKU = new SerializedString("sku");
        static final SerializableString QUANTITY = new SerializedString("quantity");
        static final SerializableString UNIT_PRICE = new SerializedString("unitPrice");
        static final SerializableString CHANNEL = new SerializedString(OrderItemMapper.CHANNEL);
        static final SerializableString SHIPPING_ADDRESS = new SerializedString(OrderItemMapper.SHIPPING_ADDRESS);
        static final SerializableString ATTRIBUTES = new SerializedString(OrderItemMapper.ATTRIBUTES);
        static final SerializableString CONTENT_HASH = new SerializedString(OrderItemMapper.CONTENT_HASH);
        static final SerializableString SOURCE_BUCKET = new SerializedString(OrderItemMapper.SOURCE_BUCKET);
        static final SerializableString SOURCE_KEY = new SerializedString(OrderItemMapper.SOURCE_KEY);
        static final SerializableString SOURCE_VERSION = new SerializedString(OrderItemMapper.SOURCE_VERSION);
        static final SerializableString EXECUTION_ID = new SerializedString(OrderItemMapper.EXECUTION_ID);
        static final SerializableString INGESTED_AT = new SerializedString(OrderItemMapper.INGESTED_AT);

        private Names() {
        }
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
