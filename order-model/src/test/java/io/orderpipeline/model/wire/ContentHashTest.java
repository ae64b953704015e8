package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Decimals;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static io.orderpipeline.model.Orders.json;
import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    private String hash(JsonNode record, RecordFormat format) {
        ValidationResult result = validator.validate(record, format);
        assertThat(result.isValid()).as("%s", result).isTrue();
        return ContentHash.of(((ValidationResult.Valid) result).order());
    }

    static String canonical(JsonNode freeForm) {
        Order carrier = new Order("o", "c", "2026-01-01", "EUR",
                java.util.List.of(new LineItem("s", 1, BigDecimal.ONE)), BigDecimal.ONE, null, null,
                (ObjectNode) freeForm);
        return new String(ContentHash.canonicalForm(carrier), StandardCharsets.UTF_8);
    }

    @Test
    void theSameOrderHashesTheSameFromJsonJsonlAndCsv() {
        String fromJson = hash(Orders.sample(), RecordFormat.JSON);
        assertThat(hash(Orders.sample(), RecordFormat.JSONL)).isEqualTo(fromJson);
        assertThat(hash(json(Orders.SAMPLE_CSV_RECORD), RecordFormat.CSV)).isEqualTo(fromJson);
    }

    @Test
    void trailingZerosKeyOrderAndLineOrderDoNotChangeTheHash() {
        String original = hash(Orders.sample(), RecordFormat.JSON);
        ObjectNode variant = json("""
                {"attributes": {"giftWrap": true, "promo": "WINTER"},
                 "totalAmount": 24.4000, "currency": "EUR", "channel": "web",
                 "items": [{"unitPrice": 4.5, "sku": "SKU-TEA-100", "quantity": 1.0},
                           {"quantity": 2, "unitPrice": 9.950, "sku": "SKU-RED-MUG"}],
                 "shippingAddress": {"country": "IE", "postalCode": "D01", "city": "Dublin", "line1": "1 Main St"},
                 "orderDate": "2026-11-20T10:15:00+01:00", "customerId": "CUST-0042", "orderId": "ORD-2026-000001"}
                """);
        assertThat(hash(variant, RecordFormat.JSON)).isEqualTo(original);
    }

    @Test
    void anyBusinessChangeChangesTheHash() {
        String original = hash(Orders.sample(), RecordFormat.JSON);
        ObjectNode changedAttribute = Orders.sample();
        ((ObjectNode) changedAttribute.get("attributes")).put("promo", "SUMMER");
        ObjectNode changedChannel = Orders.sample();
        changedChannel.put("channel", "store");
        ObjectNode noChannel = Orders.sample();
        noChannel.remove("channel");
        ObjectNode numberAsString = Orders.sample();
        ((ObjectNode) numberAsString.get("attributes")).put("giftWrap", "true");
        ObjectNode changedPrice = Orders.sample();
        ((ObjectNode) changedPrice.get("items").get(1)).put("unitPrice", new BigDecimal("4.60"));
        changedPrice.put("totalAmount", new BigDecimal("24.50"));

        assertThat(java.util.List.of(changedAttribute, changedChannel, noChannel, numberAsString, changedPrice))
                .extracting(record -> hash(record, RecordFormat.JSON))
                .doesNotContain(original)
                .doesNotHaveDuplicates();
    }

    @Test
    void theCanonicalFormSortsKeysAndNormalisesNumbers() {
        assertThat(canonical(json("{\"b\":[1.50,{\"z\":1,\"a\":10}],\"a\":\"x\"}")))
                .endsWith("\"attributes\":{\"a\":\"x\",\"b\":[1.5,{\"a\":10,\"z\":1}]}}");
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalForm() throws Exception {
        Order order = ((ValidationResult.Valid) validator.validate(Orders.sample(), RecordFormat.JSON)).order();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(ContentHash.canonicalForm(order));
        assertThat(ContentHash.of(order)).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        assertThat(new String(ContentHash.canonicalForm(order), StandardCharsets.UTF_8)).startsWith(
                "{\"v\":1,\"orderId\":\"ORD-2026-000001\",\"customerId\":\"CUST-0042\",\"orderDate\":\"2026-11-20T09:15:00Z\","
                        + "\"currency\":\"EUR\",\"totalAmount\":\"24.4\",\"items\":[[\"SKU-RED-MUG\",2,\"9.95\"],[\"SKU-TEA-100\",1,\"4.5\"]]");
    }

    @Test
    void theCanonicalFormIsValidJsonWhateverTheStringsHold() throws Exception {
        ObjectNode attributes = json("{}");
        attributes.put("quote\"and\\slash", "tab\tnew\nline\u0001 ünï €");
        JsonNode parsed = Json.read(canonical(attributes));
        assertThat(parsed.get("attributes")).isEqualTo(attributes);
    }

    @Test
    void linesAreHashedInSkuOrder() {
        ObjectNode record = Orders.sample();
        ArrayNode items = (ArrayNode) record.get("items");
        items.add(items.remove(0));
        assertThat(hash(record, RecordFormat.JSON)).isEqualTo(hash(Orders.sample(), RecordFormat.JSON));
    }

    @Test
    void canonicalDecimalsMatchStrippingTrailingZeros() {
        for (String text : java.util.List.of("24.40", "24.4", "100.00", "100", "1E+2", "1.0E+3", "0.000100", "-12.340",
                "-0.50", "5.005000", "1000000000.000", "123456789012345678901234567890.10", "7", "-7", "0.1", "1E-5",
                "10.0", "-100.000", "3.14159265358979323846264338327950288")) {
            BigDecimal value = new BigDecimal(text);
            assertThat(Decimals.canonical(value)).as(text).isEqualTo(value.stripTrailingZeros().toPlainString());
        }
        assertThat(Decimals.canonical(new BigDecimal("0.000"))).isEqualTo("0");
    }

    @Test
    void contentLongerThanTheWriteBufferIsEncodedWhole() throws Exception {
        ObjectNode attributes = json("{}");
        String note = "€😀ü-".repeat(500) + "end";
        attributes.put("note", note);
        attributes.put("other", "x".repeat(3000));
        JsonNode parsed = Json.read(canonical(attributes));
        assertThat(parsed.get("attributes")).isEqualTo(attributes);
    }

    @Test
    void anUnpairedSurrogateIsEncodedAsUtf8EncodingDoes() {
        ObjectNode attributes = json("{}");
        attributes.put("k", "a\uD800b\uDC00c");
        assertThat(canonical(attributes)).endsWith("\"attributes\":{\"k\":\"a?b?c\"}}");
    }
}
