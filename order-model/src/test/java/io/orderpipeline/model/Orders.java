package io.orderpipeline.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test fixtures: the contract's sample order in each format and a fixed clock. */
public final class Orders {

    public static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    public static final String SAMPLE_JSON = """
            {
              "orderId": "ORD-2026-000001",
              "customerId": "CUST-0042",
              "orderDate": "2026-11-20T09:15:00Z",
              "currency": "EUR",
              "items": [
                {"sku": "SKU-RED-MUG", "quantity": 2, "unitPrice": 9.95},
                {"sku": "SKU-TEA-100", "quantity": 1, "unitPrice": 4.50}
              ],
              "totalAmount": 24.40,
              "channel": "web",
              "shippingAddress": {"line1": "1 Main St", "city": "Dublin", "postalCode": "D01", "country": "IE"},
              "attributes": {"promo": "WINTER", "giftWrap": true}
            }
            """;

    /** The same order as a CSV row arrives from the Map: every cell a string, JSON cells for the structures. */
    public static final String SAMPLE_CSV_RECORD = """
            {
              "orderId": "ORD-2026-000001",
              "customerId": "CUST-0042",
              "orderDate": "2026-11-20T09:15:00Z",
              "currency": "EUR",
              "items": "[{\\"sku\\":\\"SKU-RED-MUG\\",\\"quantity\\":2,\\"unitPrice\\":\\"9.950\\"},{\\"sku\\":\\"SKU-TEA-100\\",\\"quantity\\":\\"1\\",\\"unitPrice\\":4.5}]",
              "totalAmount": "24.4",
              "channel": "web",
              "shippingAddress": "{\\"country\\":\\"IE\\",\\"postalCode\\":\\"D01\\",\\"city\\":\\"Dublin\\",\\"line1\\":\\"1 Main St\\"}",
              "attributes": "{\\"giftWrap\\":true,\\"promo\\":\\"WINTER\\"}"
            }
            """;

    private Orders() {
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.read(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode anyJson(String text) {
        try {
            return Json.read(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode sample() {
        return json(SAMPLE_JSON);
    }

    /** A valid one-line EUR order to modify in tests. */
    public static ObjectNode minimal() {
        return json("""
                {"orderId":"ORD-1","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                 "items":[{"sku":"SKU-1","quantity":2,"unitPrice":9.95}],"totalAmount":19.90}
                """);
    }
}
