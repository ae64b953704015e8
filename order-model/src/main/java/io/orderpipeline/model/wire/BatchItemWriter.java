package io.orderpipeline.model.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.fast.JsonBytes;
import io.orderpipeline.model.fast.RawJsonValue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The DynamoDB item of an order (data-contracts.md §3): the one definition of its layout, attribute by attribute in
 * this order: {@code orderId}, {@code customerId}, {@code orderDate}, {@code currency}, {@code totalAmount},
 * {@code items}, {@code channel}, {@code shippingAddress}, {@code attributes} (each only when present),
 * {@code contentHash}, {@code sourceBucket}, {@code sourceKey}, {@code sourceVersion}, {@code executionId} (each only
 * when known), {@code ingestedAt}. Free-form JSON maps as objects → M, arrays → L, strings → S, numbers → N (canonical
 * decimal text), booleans → BOOL, null → NULL.
 *
 * <p>Encoded by hand ({@link JsonBytes}: the bytes Jackson's generator would write) into a reused buffer and handed
 * to a generator as one raw value; the attributes every item of the batch shares ({@code sourceBucket} …
 * {@code ingestedAt}) are encoded once. {@link OrderItemMapper} gives the same item as a tree. One instance per batch
 * and thread.
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
    private static final byte[] SOURCE_BUCKET = JsonBytes.constant("\"},\"sourceBucket\":{\"S\":\"");
    private static final byte[] SOURCE_KEY = JsonBytes.constant("\"},\"sourceKey\":{\"S\":\"");
    private static final byte[] SOURCE_VERSION = JsonBytes.constant("\"},\"sourceVersion\":{\"S\":\"");
    private static final byte[] EXECUTION_ID = JsonBytes.constant("\"},\"executionId\":{\"S\":\"");
    private static final byte[] INGESTED_AT = JsonBytes.constant("\"},\"ingestedAt\":{\"S\":\"");
    private static final byte[] ITEM_END = JsonBytes.constant("\"}}");
    private static final byte[] STRING_END = JsonBytes.constant("\"}");

    private final JsonBytes item = new JsonBytes(2048);
    private final RawJsonValue raw = new RawJsonValue(item);
    /** {@code "},"sourceBucket":{…},…,"ingestedAt":{"S":"…"}}}: closes the content hash, the shared attributes, the item. */
    private final byte[] ingestion;

    public BatchItemWriter(IngestionContext context) {
        this.ingestion = ingestion(Objects.requireNonNull(context, "context"));
    }

    /** Writes the order's item as the next value of {@code gen}. */
    public void writeItem(JsonGenerator gen, Order order) throws IOException {
        encode(order);
        gen.writeRawValue(raw);
    }

    private void encode(Order order) {
        JsonBytes out = item;
        out.reset();
        out.raw(ORDER_ID);
        out.string(order.orderId());
        out.raw(CUSTOMER_ID);
        out.string(order.customerId());
        out.raw(ORDER_DATE);
        out.string(order.orderDate());
        out.raw(CURRENCY);
        out.string(order.currency());
        out.raw(TOTAL_AMOUNT);
        out.decimal(order.totalAmount());
        out.raw(ITEMS);
        List<LineItem> lines = order.items();
        for (int i = 0; i < lines.size(); i++) {
            LineItem line = lines.get(i);
            out.raw(i == 0 ? FIRST_LINE : NEXT_LINE);
            out.string(line.sku());
            out.raw(QUANTITY);
            out.integer(line.quantity());
            out.raw(UNIT_PRICE);
            out.decimal(line.unitPrice());
            out.raw(LINE_END);
        }
        out.raw(ITEMS_END);
        if (order.channel() != null) {
            out.raw(CHANNEL);
            out.string(order.channel());
            out.raw(STRING_END);
        }
        if (order.shippingAddress() != null) {
            out.raw(SHIPPING_ADDRESS);
            AttributeValues.encode(out, order.shippingAddress());
        }
        if (order.attributes() != null) {
            out.raw(ATTRIBUTES);
            AttributeValues.encode(out, order.attributes());
        }
        out.raw(CONTENT_HASH);
        out.ascii(ContentHash.of(order));
        out.raw(ingestion);
    }

    /** The shared tail of every item of the batch, encoded once. */
    private static byte[] ingestion(IngestionContext context) {
        JsonBytes out = new JsonBytes(512);
        SourceRef source = context.source();
        out.raw(SOURCE_BUCKET);
        out.string(source.bucket());
        out.raw(SOURCE_KEY);
        out.string(source.key());
        if (source.versionId() != null) {
            out.raw(SOURCE_VERSION);
            out.string(source.versionId());
        }
        if (context.executionId() != null) {
            out.raw(EXECUTION_ID);
            out.string(context.executionId());
        }
        out.raw(INGESTED_AT);
        out.ascii(context.ingestedAt().toString());
        out.raw(ITEM_END);
        return Arrays.copyOf(out.array(), out.length());
    }
}
