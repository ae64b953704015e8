package io.orderpipeline.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the DynamoDB items of one batch's valid orders: exactly the bytes of
 * {@link OrderItemMapper#writeItem(JsonGenerator, Order, IngestionContext)}, but encoded by hand into a reused buffer
 * from pre-encoded names and handed to the generator as one raw value. The attributes every item of the batch shares
 * ({@code sourceBucket} … {@code ingestedAt}) are encoded once per batch, by the mapper's own code.
 *
 * <p>An order holding a text Jackson escapes its own way (a surrogate: emoji and other characters beyond the Basic
 * Multilingual Plane) is written by {@link OrderItemMapper#writeItem} instead. One instance per batch and thread.
 */
public final class BatchItemWriter {

    private static final byte[] ORDER_ID = JsonBytes.constant("{\"orderId\":{\"S\":\"");
    private static final byte[] CUSTOMER_ID = JsonBytes.constant("\"},\"customerId\":{\"S\":\"");
    private static final byte[] ORDER_DATE = JsonBytes.constant("\"},\"orderDate\":{\"S\":\"");
    private static final byte[] CURRENCY = JsonBytes.constant("\"},\"currency\":{\"S\":\"");
    private static final byte[] TOTAL_AMOUNT = JsonBytes.constant("\"},\"totalAmount\":{\"N\":\"");
    private static final byte[] ITEMS = JsonBytes.constant("\"},\"items\":{\"L\":[");
    private static final byte[] FIRST_LINE = JsonBytes.constant("{\"M\":{\"sku\":{\"S\":\"");
    private static final byte[] NEXT_LINE = JsonBytes.constant(",{\"M\":{\"sku\":{\"S\":\"");
    private static final byte[] QUANTITY = JsonBytes.constant("\"},\"quantity\":{\"N\":\"");
    private static final byte[] UNIT_PRICE = JsonBytes.constant("\"},\"unitPrice\":{\"N\":\"");
    private static final byte[] LINE_END = JsonBytes.constant("\"}}}");
    private static final byte[] ITEMS_END = JsonBytes.constant("]}");
    private static final byte[] CHANNEL = JsonBytes.constant(",\"channel\":{\"S\":\"");
    private static final byte[] SHIPPING_ADDRESS = JsonBytes.constant(",\"shippingAddress\":");
    private static final byte[] ATTRIBUTES = JsonBytes.constant(",\"attributes\":");
    private static final byte[] CONTENT_HASH = JsonBytes.constant(",\"contentHash\":{\"S\":\"");
    private static final byte[] STRING_END = JsonBytes.constant("\"}");

    private static final byte[] M = JsonBytes.constant("{\"M\":{");
    private static final byte[] M_END = JsonBytes.constant("}}");
    private static final byte[] L = JsonBytes.constant("{\"L\":[");
    private static final byte[] L_END = JsonBytes.constant("]}");
    private static final byte[] S = JsonBytes.constant("{\"S\":\"");
    private static final byte[] N = JsonBytes.constant("{\"N\":\"");
    private static final byte[] TRUE = JsonBytes.constant("{\"BOOL\":true}");
    private static final byte[] FALSE = JsonBytes.constant("{\"BOOL\":false}");
    private static final byte[] NULL = JsonBytes.constant("{\"NULL\":true}");
    private static final byte[] COMMA = JsonBytes.constant(",");
    private static final byte[] QUOTE = JsonBytes.constant("\"");
    private static final byte[] QUOTE_COLON = JsonBytes.constant("\":");

    private final IngestionContext context;
    private final JsonBytes item = new JsonBytes(2048);
    private final RawJsonValue raw = new RawJsonValue(item);
    /** {@code ,"sourceBucket":{…},…,"ingestedAt":{…}}} — the shared attributes and the item's closing brace. */
    private byte[] ingestion;
    private boolean ingestionEncodable = true;

    public BatchItemWriter(IngestionContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Writes the order's item as the next value of {@code gen}. */
    public void writeItem(JsonGenerator gen, Order order) throws IOException {
        if (encode(order)) {
            gen.writeRawValue(raw);
        } else {
            OrderItemMapper.writeItem(gen, order, context);
        }
    }

    /** The item in {@link #item}; false when the mapper must write it. */
    private boolean encode(Order order) {
        byte[] tail = ingestion();
        if (tail == null) {
            return false;
        }
        JsonBytes out = item;
        out.reset();
        out.raw(ORDER_ID);
        out.ascii(order.orderId()); // an identifier: nothing to escape
        out.raw(CUSTOMER_ID);
        if (!out.string(order.customerId())) {
            return false;
        }
        out.raw(ORDER_DATE);
        out.ascii(order.orderDate()); // normalised ISO-8601 text
        out.raw(CURRENCY);
        out.ascii(order.currency()); // three upper-case letters
        out.raw(TOTAL_AMOUNT);
        out.decimal(order.totalAmount());
        out.raw(ITEMS);
        List<LineItem> lines = order.items();
        for (int i = 0; i < lines.size(); i++) {
            LineItem line = lines.get(i);
            out.raw(i == 0 ? FIRST_LINE : NEXT_LINE);
            out.ascii(line.sku()); // an identifier
            out.raw(QUANTITY);
            out.integer(line.quantity());
            out.raw(UNIT_PRICE);
            out.decimal(line.unitPrice());
            out.raw(LINE_END);
        }
        out.raw(ITEMS_END);
        if (order.channel() != null) {
            out.raw(CHANNEL);
            if (!out.string(order.channel())) {
                return false;
            }
            out.raw(STRING_END);
        }
        if (order.shippingAddress() != null) {
            out.raw(SHIPPING_ADDRESS);
            if (!attributeValue(order.shippingAddress())) {
                return false;
            }
        }
        if (order.attributes() != null) {
            out.raw(ATTRIBUTES);
            if (!attributeValue(order.attributes())) {
                return false;
            }
        }
        out.raw(CONTENT_HASH);
        out.ascii(ContentHash.of(order));
        out.raw(STRING_END);
        out.raw(tail);
        return true;
    }

    /** Free-form JSON as an attribute value, the shape of {@link AttributeValues#write}; false on a surrogate. */
    private boolean attributeValue(JsonNode json) {
        JsonBytes out = item;
        switch (json.getNodeType()) {
            case OBJECT -> {
                out.raw(M);
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : json.properties()) {
                    if (!first) {
                        out.raw(COMMA);
                    }
                    first = false;
                    out.raw(QUOTE);
                    if (!out.string(e.getKey())) {
                        return false;
                    }
                    out.raw(QUOTE_COLON);
                    if (!attributeValue(e.getValue())) {
                        return false;
                    }
                }
                out.raw(M_END);
            }
            case ARRAY -> {
                out.raw(L);
                for (int i = 0; i < json.size(); i++) {
                    if (i > 0) {
                        out.raw(COMMA);
                    }
                    if (!attributeValue(json.get(i))) {
                        return false;
                    }
                }
                out.raw(L_END);
            }
            case STRING -> {
                out.raw(S);
                if (!out.string(json.textValue())) {
                    return false;
                }
                out.raw(STRING_END);
            }
            case NUMBER -> {
                out.raw(N);
                if (json.isIntegralNumber()) {
                    out.integer(json);
                } else {
                    out.decimal(json.decimalValue());
                }
                out.raw(STRING_END);
            }
            case BOOLEAN -> out.raw(json.booleanValue() ? TRUE : FALSE);
            case NULL -> out.raw(NULL);
            default -> {
                return false; // not produced by a JSON read; the mapper reports it
            }
        }
        return true;
    }

    /** The shared tail, encoded on first use; null when the mapper must write every item (it then reports why). */
    private byte[] ingestion() {
        if (ingestion == null && ingestionEncodable) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            try (JsonGenerator gen = Json.mapper().createGenerator(bytes)) {
                gen.writeStartObject();
                OrderItemMapper.writeIngestion(gen, context);
                gen.writeEndObject();
            } catch (IOException e) {
                ingestionEncodable = false;
                return null;
            }
            byte[] object = bytes.toByteArray(); // {"sourceBucket":…}: the tail is "," and all after the brace
            byte[] tail = Arrays.copyOf(COMMA, object.length);
            System.arraycopy(object, 1, tail, 1, object.length - 1);
            ingestion = tail;
        }
        return ingestion;
    }
}
