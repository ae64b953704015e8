package io.orderpipeline.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random records for the fast-path equivalence tests: orders that are mostly valid, each with a fair chance of one
 * or more defects (wrong types, broken rules, repeated fields, odd but valid spellings of numbers and dates, text
 * that needs escaping, surrogates), as JSON records or as CSV rows (every cell a string, structures as JSON text).
 */
public final class RandomRecords {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "BHD", "GBP", "eur", "XXX", "EURO", ""};
    private static final String[] TEXTS = {"web", "", " ", "a\"b", "back\\slash", "tab\tnl\nret\r", "\u0001\u001f\u007f",
            "café", "東京", "ü € ß", "emoji 😀", "lone \uD800 surrogate", "ctl \b\f", "x".repeat(70)};
    private static final String[] DATES = {"2026-11-20T09:15:00Z", "2026-11-20", "2026-11-20T09:15:00+02:00",
            "2026-11-20T09:15:00.5Z", "2026-11-20T09:15Z", "2026-11-25", "2026-11-26", "2027-01-01T00:00:00Z",
            "2026-11-24T10:04:00Z", "2026-11-24T10:06:00Z", "2026-02-30", "yesterday", "2026-11-20t09:15:00z"};

    private final SplittableRandom random;

    public RandomRecords(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A record as delivered, its format, and whether it repeats a field (the fast path leaves those to the tree). */
    public record Sample(String json, RecordFormat format, boolean repeatsAField) {
    }

    public Sample next() {
        RecordFormat format = RecordFormat.values()[random.nextInt(3)];
        ObjectNode order = order();
        if (format == RecordFormat.CSV) {
            order = csvRow(order);
        }
        String json = Json.write(order);
        boolean repeats = chance(20);
        if (repeats) {
            String[] fields = {"orderId", "currency", "totalAmount", "channel", "items", "attributes"};
            String field = fields[random.nextInt(fields.length)];
            json = "{\"" + field + "\":" + Json.write(value()) + "," + json.substring(1);
        }
        return new Sample(json, format, repeats);
    }

    private ObjectNode order() {
        int lineCount = chance(40) ? random.nextInt(0, 3) : 1 + random.nextInt(5);
        if (chance(200)) {
            lineCount = 101;
        }
        String currency = chance(8) ? pick(CURRENCIES) : pick(new String[]{"EUR", "USD", "JPY", "BHD"});
        int digits = switch (currency) {
            case "JPY" -> 0;
            case "BHD" -> 3;
            default -> 2;
        };
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        fields.add(Map.entry("orderId", NODES.textNode(chance(15) ? pick(new String[]{"", "-x", "ORD 1", "Ö1"})
                : "ORD-" + random.nextInt(1_000_000))));
        fields.add(Map.entry("customerId", NODES.textNode(chance(6) ? pick(TEXTS) : "CUST-" + random.nextInt(1000))));
        fields.add(Map.entry("orderDate", NODES.textNode(chance(3) ? pick(DATES) : "2026-11-20T09:15:00Z")));
        fields.add(Map.entry("currency", NODES.textNode(currency)));
        ArrayNode items = NODES.arrayNode();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lineCount; i++) {
            ObjectNode line = items.addObject();
            line.put("sku", chance(40) ? pick(new String[]{"SKU-1", "bad sku", ""}) : "SKU-" + i + "-" + random.nextInt(100));
            int quantity = chance(30) ? pick(new int[]{0, -1, 10_001, 10_000}) : 1 + random.nextInt(9);
            BigDecimal price = BigDecimal.valueOf(random.nextInt(100_000), digits);
            if (chance(10)) {
                price = price.setScale(digits + 2); // trailing zeros beyond the currency's decimals: still valid
            }
            switch (random.nextInt(12)) {
                case 0 -> line.put("quantity", BigDecimal.valueOf(quantity).setScale(1)); // 2.0
                case 1 -> line.put("quantity", String.valueOf(quantity));
                case 2 -> line.put("quantity", 3_000_000_000L);
                default -> line.put("quantity", quantity);
            }
            switch (random.nextInt(25)) {
                case 0 -> line.put("unitPrice", price.negate().subtract(BigDecimal.ONE));
                case 1 -> line.put("unitPrice", new BigDecimal("0.00001"));
                case 2 -> line.put("unitPrice", price.toPlainString());
                case 3 -> line.put("unitPrice", new BigDecimal("1E+16"));
                case 4 -> line.putNull("unitPrice");
                case 5 -> line.put("extra", "ignored");
                default -> line.put("unitPrice", price);
            }
            if (chance(30)) {
                line.set("note", value());
            }
            total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
        }
        fields.add(Map.entry("items", chance(40) ? value() : items));
        if (chance(12)) {
            total = total.add(BigDecimal.ONE);
        }
        JsonNode totalNode = switch (random.nextInt(30)) {
            case 0 -> NODES.textNode(total.toPlainString());
            case 1 -> NODES.numberNode(total.negate().subtract(BigDecimal.ONE));
            case 2 -> NODES.numberNode(total.stripTrailingZeros()); // 2.4E+3 for 2400
            case 3 -> NODES.nullNode();
            default -> NODES.numberNode(total);
        };
        fields.add(Map.entry("totalAmount", totalNode));
        if (!chance(4)) {
            fields.add(Map.entry("channel", chance(5) ? value() : NODES.textNode(pick(TEXTS))));
        }
        if (!chance(5)) {
            fields.add(Map.entry("shippingAddress", chance(20) ? value() : freeForm(0)));
        }
        if (chance(2)) {
            fields.add(Map.entry("attributes", chance(20) ? value() : freeForm(0)));
        }
        if (chance(6)) {
            fields.add(Map.entry("unknownField", value()));
        }
        if (chance(30)) {
            fields.remove(random.nextInt(fields.size()));
        }
        if (chance(3)) {
            Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        }
        ObjectNode order = NODES.objectNode();
        fields.forEach(e -> order.set(e.getKey(), e.getValue()));
        return order;
    }

    /** Free-form JSON as clients send it: strings (some needing escapes), numbers, booleans, nulls, nesting. */
    private ObjectNode freeForm(int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            String key = chance(8) ? pick(TEXTS) + i : "k" + random.nextInt(20);
            object.set(key, depth < 3 && chance(4) ? (chance(2) ? freeForm(depth + 1) : array(depth + 1)) : value());
        }
        return object;
    }

    private ArrayNode array(int depth) {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            array.add(depth < 3 && chance(4) ? freeForm(depth + 1) : value());
        }
        return array;
    }

    /** Any scalar, or rarely a small structure: the values that end up where a different type was expected. */
    private JsonNode value() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(-5, 1000));
            case 3 -> NODES.numberNode(new BigDecimal("12.3400"));
            case 4 -> NODES.numberNode(new BigDecimal("1E+200")); // DynamoDB cannot store it
            case 5 -> NODES.numberNode(new BigDecimal("-0.0"));
            case 6 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 7 -> NODES.arrayNode().add(1).add("x");
            case 8 -> NODES.objectNode().put("a", 1);
            case 9 -> NODES.textNode("[1,2]");
            case 10 -> NODES.textNode("{\"a\":");
            default -> NODES.textNode(pick(TEXTS));
        };
    }

    /** The record as a CSV row arrives: scalar cells as strings (absent as empty cells), structures as JSON text. */
    private ObjectNode csvRow(ObjectNode order) {
        ObjectNode row = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : order.properties()) {
            JsonNode value = e.getValue();
            if (chance(25)) {
                row.set(e.getKey(), value); // an odd cell: left as it was (a number, an array…)
            } else if (value.isNull()) {
                row.put(e.getKey(), "");
            } else if (value.isContainerNode()) {
                String text = Json.write(value);
                row.put(e.getKey(), chance(25) ? text.substring(0, text.length() / 2) : text);
            } else {
                row.put(e.getKey(), value.asText());
            }
        }
        return row;
    }

    private boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private int pick(int[] options) {
        return options[random.nextInt(options.length)];
    }
}
