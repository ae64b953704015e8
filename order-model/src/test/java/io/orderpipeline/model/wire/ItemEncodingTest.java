package io.orderpipeline.model.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.RandomRecords;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Decimals;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-encoded item ({@link BatchItemWriter}, the one layout) against the same layout written by Jackson's own
 * generator with the project's mapper: the bytes must be the same for any text (control characters, quotes,
 * surrogate pairs and lone surrogates, which Jackson's UTF-8 generator escapes as {@code \\uXXXX}) and any number.
 */
class ItemEncodingTest {

    private static final IngestionContext CONTEXT = new IngestionContext(
            new SourceRef("orders-bucket", "incoming/\"q\" \uD83D\uDE00 \uDC00.json", "v\t1"),
            "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-\u0001", Instant.parse("2026-11-24T10:00:00.5Z"));

    @Test
    void randomValidOrdersAreEncodedAsJacksonWritesThem() throws IOException {
        OrderValidator validator = new OrderValidator(Orders.CLOCK);
        RandomRecords records = new RandomRecords(424242);
        int compared = 0;
        for (int i = 0; i < 4000; i++) {
            RandomRecords.Sample sample = records.next();
            if (validator.validate(Json.read(sample.json()), sample.format()) instanceof ValidationResult.Valid valid) {
                assertThat(encoded(valid.order())).as("%s", sample).isEqualTo(generated(valid.order()));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void textOfEveryKindIsEscapedAsJacksonEscapesIt() throws IOException {
        String nasty = "q\"b\\s/ \t\n\r\b\f \u0000\u001f\u007f\u0080\u2028 é 東 \uD83D\uDE00 lone \uDC00 \uD800 end";
        Order order = new Order("ORD-1", nasty, "2026-11-20", "EUR",
                List.of(new LineItem("SKU-1", 2, new BigDecimal("9.95"))), new BigDecimal("19.90"), nasty,
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().createObjectNode().put(nasty, nasty)
                        .set("n", Json.mapper().createArrayNode().add(new BigDecimal("-0.50")).add(12345678901234L)
                                .add(new java.math.BigInteger("123456789012345678901234567890")).addNull().add(true)),
                null);

        assertThat(encoded(order)).isEqualTo(generated(order)).contains("\\uD83D\\uDE00").contains("\\uDC00");
    }

    private static String encoded(Order order) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            new BatchItemWriter(CONTEXT).writeItem(gen, order);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The layout of data-contracts.md §3, written field by field through Jackson's generator: the reference. */
    private static String generated(Order order) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartObject();
            s(gen, "orderId", order.orderId());
            s(gen, "customerId", order.customerId());
            s(gen, "orderDate", order.orderDate());
            s(gen, "currency", order.currency());
            n(gen, "totalAmount", Decimals.canonical(order.totalAmount()));
            gen.writeObjectFieldStart("items");
            gen.writeArrayFieldStart("L");
            for (LineItem line : order.items()) {
                gen.writeStartObject();
                gen.writeObjectFieldStart("M");
                s(gen, "sku", line.sku());
                n(gen, "quantity", Integer.toString(line.quantity()));
                n(gen, "unitPrice", Decimals.canonical(line.unitPrice()));
                gen.writeEndObject();
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
            if (order.channel() != null) {
                s(gen, "channel", order.channel());
            }
            if (order.shippingAddress() != null) {
                gen.writeFieldName("shippingAddress");
                attributeValue(gen, order.shippingAddress());
            }
            if (order.attributes() != null) {
                gen.writeFieldName("attributes");
                attributeValue(gen, order.attributes());
            }
            s(gen, "contentHash", ContentHash.of(order));
            s(gen, "sourceBucket", CONTEXT.source().bucket());
            s(gen, "sourceKey", CONTEXT.source().key());
            s(gen, "sourceVersion", CONTEXT.source().versionId());
            s(gen, "executionId", CONTEXT.executionId());
            s(gen, "ingestedAt", CONTEXT.ingestedAt().toString());
            gen.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void attributeValue(JsonGenerator gen, JsonNode json) throws IOException {
        gen.writeStartObject();
        switch (json.getNodeType()) {
            case OBJECT -> {
                gen.writeObjectFieldStart("M");
                for (Map.Entry<String, JsonNode> e : json.properties()) {
                    gen.writeFieldName(e.getKey());
                    attributeValue(gen, e.getValue());
                }
                gen.writeEndObject();
            }
            case ARRAY -> {
                gen.writeArrayFieldStart("L");
                for (JsonNode element : json) {
                    attributeValue(gen, element);
                }
                gen.writeEndArray();
            }
            case STRING -> gen.writeStringField("S", json.textValue());
            case NUMBER -> gen.writeStringField("N",
                    json.isIntegralNumber() ? json.asText() : Decimals.canonical(json.decimalValue()));
            case BOOLEAN -> gen.writeBooleanField("BOOL", json.booleanValue());
            case NULL -> gen.writeBooleanField("NULL", true);
            default -> throw new IllegalArgumentException(json.getNodeType().name());
        }
        gen.writeEndObject();
    }

    private static void s(JsonGenerator gen, String name, String value) throws IOException {
        gen.writeObjectFieldStart(name);
        gen.writeStringField("S", value);
        gen.writeEndObject();
    }

    private static void n(JsonGenerator gen, String name, String number) throws IOException {
        gen.writeObjectFieldStart(name);
        gen.writeStringField("N", number);
        gen.writeEndObject();
    }
}
