package io.orderpipeline.model.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import static io.orderpipeline.model.Orders.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression pin of the map stage: the exact content hashes and item bytes that the code produced before the map
 * stage was optimised (values computed with that code, then fixed here). Stored hashes are idempotency keys, so a
 * changed byte would make a redelivered order look new.
 */
class MapStageGoldenTest {

    private static final IngestionContext CONTEXT = new IngestionContext(
            new SourceRef("orders-bucket", "incoming/2026/11/orders \"ü\".json", "3HL4kqtJlcpXroDTDmJ"),
            "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1",
            Instant.parse("2026-11-24T10:00:00.123Z"));

    private static final IngestionContext UNVERSIONED = new IngestionContext(
            new SourceRef("b", "k.csv", null), null, Instant.parse("2026-11-24T10:00:00Z"));

    private static final String UNICODE_JPY = """
            {"orderId":"ORD-JP-1","customerId":"CUST \\"quoted\\" \\\\ tab\\t nl\\n \\u0001","orderDate":"2026-11-20",
             "currency":"JPY",
             "items":[{"sku":"SKU-Z","quantity":3,"unitPrice":1000000000},{"sku":"SKU-A","quantity":1,"unitPrice":1E+3},
                      {"sku":"SKU-NIHON","quantity":2,"unitPrice":500}],
             "totalAmount":3000002000,
             "channel":"店舗 ü € 😀",
             "shippingAddress":{"zip":"100-0001","city":"東京","lines":["1-1","Chiyoda"],"geo":{"lon":139.7530,"lat":35.6850}},
             "attributes":{"z":null,"a":{"y":[1,2.50,{"q":false,"b":true}],"x":"x"},"m":-0.0,"big":123456789012345678901234567890,
                           "e":1.5E+2,"small":0.000100,"neg":-12.340}}
            """;

    private static final String BHD = """
            {"orderId":"ORD-BHD-1","customerId":"CUST-7","orderDate":"2026-11-20T09:15:00+02:00","currency":"BHD",
             "items":[{"sku":"B","quantity":4,"unitPrice":1.2500},{"sku":"A","quantity":1,"unitPrice":0.005}],
             "totalAmount":5.005000,
             "attributes":{"only":"one"}}
            """;

    private static final String CSV_NESTED = """
            {"orderId":"ORD-CSV-9","customerId":"CUST-9","orderDate":"2026-11-20T23:59:59.5Z","currency":"USD",
             "items":"[{\\"sku\\":\\"S-2\\",\\"quantity\\":\\"10\\",\\"unitPrice\\":\\"99999999.990\\"},{\\"sku\\":\\"S-1\\",\\"quantity\\":1,\\"unitPrice\\":\\"0.10\\"}]",
             "totalAmount":"1000000000.000",
             "channel":"",
             "shippingAddress":"{\\"b\\":{\\"d\\":1,\\"c\\":[]},\\"a\\":{}}",
             "attributes":"{}"}
            """;

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of("sample-json", Orders.SAMPLE_JSON, RecordFormat.JSON, CONTEXT,
                        "b431e3975ebd09312583fd33ce92676a9d73468a05a1d8a08b9d8822e46afa18",
                        "{\"orderId\":{\"S\":\"ORD-2026-000001\"},\"customerId\":{\"S\":\"CUST-0042\"},\"orderDate\":{\"S\":\"2026-11-20T09:15:00Z\"},\"currency\":{\"S\":\"EUR\"},\"totalAmount\":{\"N\":\"24.4\"},\"items\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"SKU-RED-MUG\"},\"quantity\":{\"N\":\"2\"},\"unitPrice\":{\"N\":\"9.95\"}}},{\"M\":{\"sku\":{\"S\":\"SKU-TEA-100\"},\"quantity\":{\"N\":\"1\"},\"unitPrice\":{\"N\":\"4.5\"}}}]},\"channel\":{\"S\":\"web\"},\"shippingAddress\":{\"M\":{\"line1\":{\"S\":\"1 Main St\"},\"city\":{\"S\":\"Dublin\"},\"postalCode\":{\"S\":\"D01\"},\"country\":{\"S\":\"IE\"}}},\"attributes\":{\"M\":{\"promo\":{\"S\":\"WINTER\"},\"giftWrap\":{\"BOOL\":true}}},\"contentHash\":{\"S\":\"b431e3975ebd09312583fd33ce92676a9d73468a05a1d8a08b9d8822e46afa18\"},\"sourceBucket\":{\"S\":\"orders-bucket\"},\"sourceKey\":{\"S\":\"incoming/2026/11/orders \\\"ü\\\".json\"},\"sourceVersion\":{\"S\":\"3HL4kqtJlcpXroDTDmJ\"},\"executionId\":{\"S\":\"arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1\"},\"ingestedAt\":{\"S\":\"2026-11-24T10:00:00.123Z\"}}"),
                Arguments.of("sample-csv", Orders.SAMPLE_CSV_RECORD, RecordFormat.CSV, CONTEXT,
                        "b431e3975ebd09312583fd33ce92676a9d73468a05a1d8a08b9d8822e46afa18",
                        "{\"orderId\":{\"S\":\"ORD-2026-000001\"},\"customerId\":{\"S\":\"CUST-0042\"},\"orderDate\":{\"S\":\"2026-11-20T09:15:00Z\"},\"currency\":{\"S\":\"EUR\"},\"totalAmount\":{\"N\":\"24.4\"},\"items\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"SKU-RED-MUG\"},\"quantity\":{\"N\":\"2\"},\"unitPrice\":{\"N\":\"9.95\"}}},{\"M\":{\"sku\":{\"S\":\"SKU-TEA-100\"},\"quantity\":{\"N\":\"1\"},\"unitPrice\":{\"N\":\"4.5\"}}}]},\"channel\":{\"S\":\"web\"},\"shippingAddress\":{\"M\":{\"country\":{\"S\":\"IE\"},\"postalCode\":{\"S\":\"D01\"},\"city\":{\"S\":\"Dublin\"},\"line1\":{\"S\":\"1 Main St\"}}},\"attributes\":{\"M\":{\"giftWrap\":{\"BOOL\":true},\"promo\":{\"S\":\"WINTER\"}}},\"contentHash\":{\"S\":\"b431e3975ebd09312583fd33ce92676a9d73468a05a1d8a08b9d8822e46afa18\"},\"sourceBucket\":{\"S\":\"orders-bucket\"},\"sourceKey\":{\"S\":\"incoming/2026/11/orders \\\"ü\\\".json\"},\"sourceVersion\":{\"S\":\"3HL4kqtJlcpXroDTDmJ\"},\"executionId\":{\"S\":\"arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1\"},\"ingestedAt\":{\"S\":\"2026-11-24T10:00:00.123Z\"}}"),
                Arguments.of("minimal", json("""
                        {"orderId":"ORD-1","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                         "items":[{"sku":"SKU-1","quantity":2,"unitPrice":9.95}],"totalAmount":19.90}
                        """).toString(), RecordFormat.JSON, UNVERSIONED,
                        "1c77dfbdfbc7ef5cfd7eb2b2842bdec7984804e57e7d3a70a658576abe03d582",
                        "{\"orderId\":{\"S\":\"ORD-1\"},\"customerId\":{\"S\":\"CUST-1\"},\"orderDate\":{\"S\":\"2026-11-20\"},\"currency\":{\"S\":\"EUR\"},\"totalAmount\":{\"N\":\"19.9\"},\"items\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"SKU-1\"},\"quantity\":{\"N\":\"2\"},\"unitPrice\":{\"N\":\"9.95\"}}}]},\"contentHash\":{\"S\":\"1c77dfbdfbc7ef5cfd7eb2b2842bdec7984804e57e7d3a70a658576abe03d582\"},\"sourceBucket\":{\"S\":\"b\"},\"sourceKey\":{\"S\":\"k.csv\"},\"ingestedAt\":{\"S\":\"2026-11-24T10:00:00Z\"}}"),
                Arguments.of("unicode-jpy", UNICODE_JPY, RecordFormat.JSONL, CONTEXT,
                        "8931febc35825552626e344c38b342cbe68a0d25da1bff41d56e917f6cf4c82c",
                        "{\"orderId\":{\"S\":\"ORD-JP-1\"},\"customerId\":{\"S\":\"CUST \\\"quoted\\\" \\\\ tab\\t nl\\n \\u0001\"},\"orderDate\":{\"S\":\"2026-11-20\"},\"currency\":{\"S\":\"JPY\"},\"totalAmount\":{\"N\":\"3000002000\"},\"items\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"SKU-Z\"},\"quantity\":{\"N\":\"3\"},\"unitPrice\":{\"N\":\"1000000000\"}}},{\"M\":{\"sku\":{\"S\":\"SKU-A\"},\"quantity\":{\"N\":\"1\"},\"unitPrice\":{\"N\":\"1000\"}}},{\"M\":{\"sku\":{\"S\":\"SKU-NIHON\"},\"quantity\":{\"N\":\"2\"},\"unitPrice\":{\"N\":\"500\"}}}]},\"channel\":{\"S\":\"店舗 ü € \\uD83D\\uDE00\"},\"shippingAddress\":{\"M\":{\"zip\":{\"S\":\"100-0001\"},\"city\":{\"S\":\"東京\"},\"lines\":{\"L\":[{\"S\":\"1-1\"},{\"S\":\"Chiyoda\"}]},\"geo\":{\"M\":{\"lon\":{\"N\":\"139.753\"},\"lat\":{\"N\":\"35.685\"}}}}},\"attributes\":{\"M\":{\"z\":{\"NULL\":true},\"a\":{\"M\":{\"y\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2.5\"},{\"M\":{\"q\":{\"BOOL\":false},\"b\":{\"BOOL\":true}}}]},\"x\":{\"S\":\"x\"}}},\"m\":{\"N\":\"0\"},\"big\":{\"N\":\"123456789012345678901234567890\"},\"e\":{\"N\":\"150\"},\"small\":{\"N\":\"0.0001\"},\"neg\":{\"N\":\"-12.34\"}}},\"contentHash\":{\"S\":\"8931febc35825552626e344c38b342cbe68a0d25da1bff41d56e917f6cf4c82c\"},\"sourceBucket\":{\"S\":\"orders-bucket\"},\"sourceKey\":{\"S\":\"incoming/2026/11/orders \\\"ü\\\".json\"},\"sourceVersion\":{\"S\":\"3HL4kqtJlcpXroDTDmJ\"},\"executionId\":{\"S\":\"arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1\"},\"ingestedAt\":{\"S\":\"2026-11-24T10:00:00.123Z\"}}"),
                Arguments.of("bhd", BHD, RecordFormat.JSON, UNVERSIONED,
                        "059d3834d4f3811be30b9bd94bab676445663ec7457368d1bbd4531d1bb8e670",
                        "{\"orderId\":{\"S\":\"ORD-BHD-1\"},\"customerId\":{\"S\":\"CUST-7\"},\"orderDate\":{\"S\":\"2026-11-20T07:15:00Z\"},\"currency\":{\"S\":\"BHD\"},\"totalAmount\":{\"N\":\"5.005\"},\"items\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"B\"},\"quantity\":{\"N\":\"4\"},\"unitPrice\":{\"N\":\"1.25\"}}},{\"M\":{\"sku\":{\"S\":\"A\"},\"quantity\":{\"N\":\"1\"},\"unitPrice\":{\"N\":\"0.005\"}}}]},\"attributes\":{\"M\":{\"only\":{\"S\":\"one\"}}},\"contentHash\":{\"S\":\"059d3834d4f3811be30b9bd94bab676445663ec7457368d1bbd4531d1bb8e670\"},\"sourceBucket\":{\"S\":\"b\"},\"sourceKey\":{\"S\":\"k.csv\"},\"ingestedAt\":{\"S\":\"2026-11-24T10:00:00Z\"}}"),
                Arguments.of("csv-nested", CSV_NESTED, RecordFormat.CSV, CONTEXT,
                        "72f2c6c99b2df05a61026c3f23cbe2e949f1c9a7e0e6cf55564c29207c8d71d7",
                        "{\"orderId\":{\"S\":\"ORD-CSV-9\"},\"customerId\":{\"S\":\"CUST-9\"},\"orderDate\":{\"S\":\"2026-11-20T23:59:59.500Z\"},\"currency\":{\"S\":\"USD\"},\"totalAmount\":{\"N\":\"1000000000\"},\"items\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"S-2\"},\"quantity\":{\"N\":\"10\"},\"unitPrice\":{\"N\":\"99999999.99\"}}},{\"M\":{\"sku\":{\"S\":\"S-1\"},\"quantity\":{\"N\":\"1\"},\"unitPrice\":{\"N\":\"0.1\"}}}]},\"shippingAddress\":{\"M\":{\"b\":{\"M\":{\"d\":{\"N\":\"1\"},\"c\":{\"L\":[]}}},\"a\":{\"M\":{}}}},\"attributes\":{\"M\":{}},\"contentHash\":{\"S\":\"72f2c6c99b2df05a61026c3f23cbe2e949f1c9a7e0e6cf55564c29207c8d71d7\"},\"sourceBucket\":{\"S\":\"orders-bucket\"},\"sourceKey\":{\"S\":\"incoming/2026/11/orders \\\"ü\\\".json\"},\"sourceVersion\":{\"S\":\"3HL4kqtJlcpXroDTDmJ\"},\"executionId\":{\"S\":\"arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1\"},\"ingestedAt\":{\"S\":\"2026-11-24T10:00:00.123Z\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void theContentHashAndTheItemBytesAreUnchanged(String name, String record, RecordFormat format,
                                                   IngestionContext context, String hash, String item) throws IOException {
        Order order = validOrder(json(record), format);

        String actualHash = ContentHash.of(order);
        String actualItem = writtenItem(order, context);

        assertThat(actualHash).isEqualTo(hash);
        assertThat(actualItem).isEqualTo(item);
    }

    private static Order validOrder(JsonNode record, RecordFormat format) {
        ValidationResult result = new OrderValidator(Orders.CLOCK).validate(record, format);
        assertThat(result.isValid()).as("%s", result).isTrue();
        return ((ValidationResult.Valid) result).order();
    }

    /** Written the way the validator writes its output: a generator from the shared mapper over a byte stream. */
    private static String writtenItem(Order order, IngestionContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            OrderItemMapper.writeItem(gen, order, context);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
