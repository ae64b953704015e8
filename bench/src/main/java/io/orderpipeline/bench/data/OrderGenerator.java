package io.orderpipeline.bench.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic, reproducible orders (data-contracts.md §1): 1–5 line items, a shipping address, attributes on some, a
 * total that matches the items. Every {@code invalidEvery}-th order carries a total mismatch (0 = all valid), the most
 * common real defect and one that needs the whole order to be read before it is found.
 */
public final class OrderGenerator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "SEK"};
    private static final String[] CHANNELS = {"web", "app", "store", "phone"};
    private static final String[] CITIES = {"Dublin", "Berlin", "Lyon", "Austin", "Leeds", "Malmo"};
    private static final String[] COUNTRIES = {"IE", "DE", "FR", "US", "GB", "SE"};
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private final SplittableRandom random;
    private final int invalidEvery;
    private long sequence;

    public OrderGenerator(long seed, int invalidEvery) {
        if (invalidEvery < 0) {
            throw new IllegalArgumentException("invalidEvery must be >= 0");
        }
        this.random = new SplittableRandom(seed);
        this.invalidEvery = invalidEvery;
    }

    /** The next order as the Map delivers a JSON / JSONL record. */
    public ObjectNode next() {
        long n = ++sequence;
        ObjectNode order = NODES.objectNode();
        order.put("orderId", "ORD-2026-%07d".formatted(n));
        order.put("customerId", "CUST-%05d".formatted(random.nextInt(50_000)));
        order.put("orderDate", BASE.plus(random.nextLong(300L * 24 * 3600), ChronoUnit.SECONDS).toString());
        order.put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
        ArrayNode items = order.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        int lines = 1 + random.nextInt(5);
        int firstSku = random.nextInt(10_000);
        for (int i = 0; i < lines; i++) {
            int quantity = 1 + random.nextInt(9);
            BigDecimal unitPrice = BigDecimal.valueOf(50 + random.nextInt(20_000), 2);
            ObjectNode item = items.addObject();
            item.put("sku", "SKU-%04d".formatted((firstSku + i * 1_777) % 10_000)); // distinct within an order
            item.put("quantity", quantity);
            item.put("unitPrice", unitPrice);
            total = total.add(unitPrice.multiply(BigDecimal.valueOf(quantity)));
        }
        if (invalidEvery > 0 && n % invalidEvery == 0) {
            total = total.add(BigDecimal.ONE);
        }
        order.put("totalAmount", total);
        order.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
        int place = random.nextInt(CITIES.length);
        ObjectNode address = order.putObject("shippingAddress");
        address.put("line1", (1 + random.nextInt(200)) + " Main St");
        address.put("city", CITIES[place]);
        address.put("postalCode", "P%04d".formatted(random.nextInt(10_000)));
        address.put("country", COUNTRIES[place]);
        if (random.nextInt(3) == 0) {
            ObjectNode attributes = order.putObject("attributes");
            attributes.put("promo", "WINTER");
            attributes.put("giftWrap", random.nextBoolean());
        }
        return order;
    }

    public List<ObjectNode> next(int count) {
        List<ObjectNode> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            orders.add(next());
        }
        return orders;
    }

    /** A validator batch (data-contracts.md §2) of {@code count} orders, as the ItemBatcher would send it. */
    public ObjectNode batch(int count) {
        ObjectNode batch = NODES.objectNode();
        ArrayNode items = batch.putArray("Items");
        List<ObjectNode> orders = next(count);
        for (int i = 0; i < orders.size(); i++) {
            items.addObject().put("index", i).set("record", orders.get(i));
        }
        ObjectNode input = batch.putObject("BatchInput");
        input.put("bucket", "orders-bucket");
        input.put("key", "incoming/2026/11/bench.json");
        input.put("versionId", "3HL4kqtJlcpXroDTDmJ");
        input.put("format", "JSON");
        input.put("executionId", "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:bench");
        return batch;
    }
}
