package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator's output bytes with the streaming fast path (records' fields read without a tree, valid orders taken
 * by the accept-only rule pass) against the tree-only reference (every record a tree, validated by the reporting
 * rule pass): identical for random
 * batches of valid and broken orders in all three formats, with BatchInput before or after Items, compact or
 * pretty-printed, including records over the size limit and outputs over the payload bound.
 */
class FastPathEquivalenceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final OrderValidator ORDERS = new OrderValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private final BatchReader reader = new BatchReader(new BatchRecords(ORDERS));
    /** The reference: the same envelope, every record read as a tree (and measured in bytes as delivered). */
    private final BatchReader treeReader = new BatchReader(FastPathEquivalenceTest::treesOnly);
    private final BatchValidator validator = new BatchValidator(ORDERS);
    private final BatchOutputWriter writer = new BatchOutputWriter();

    /** Ways to break (or oddly but validly spell) an order; index 0 leaves it as it is. */
    private static final List<Consumer<ObjectNode>> MUTATIONS = List.of(
            order -> { },
            order -> order.put("totalAmount", new BigDecimal("25.00")),
            order -> order.remove("customerId"),
            order -> order.put("currency", "XXX"),
            order -> order.put("orderDate", "2027-01-01"),
            order -> order.put("orderDate", "2026-11-20T10:15:00+01:00"),
            order -> line(order, 0).put("quantity", 0),
            order -> line(order, 0).put("quantity", new BigDecimal("2.0")),
            order -> line(order, 1).put("sku", "SKU-RED-MUG"),
            order -> line(order, 1).put("unitPrice", new BigDecimal("4.500")),
            order -> line(order, 1).put("unitPrice", new BigDecimal("4.501")),
            order -> order.put("channel", "shop 😀"),
            order -> order.put("customerId", "tab\t \"quoted\" \\ \u0001 café 東京"),
            order -> order.put("totalAmount", "24.40"),
            order -> order.put("orderId", 42),
            order -> order.putNull("channel"),
            order -> order.put("unknown", "ignored").putObject("more").putArray("deep").add(1).addObject(),
            order -> order.putObject("shippingAddress").put("big", new BigDecimal("1E+200")),
            order -> order.putObject("shippingAddress").put("city", "Köln").put("n", new BigDecimal("-0.50"))
                    .putArray("lines").add("1").add(true).addNull(),
            order -> order.put("attributes", "x".repeat(70_000)),
            order -> order.putArray("items"),
            order -> order.remove("items"));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomBatchesGiveTheSameOutputBytesBothWays(int seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int parsed = 0;
        for (int batch = 0; batch < 40; batch++) {
            String format = List.of("JSON", "JSONL", "CSV").get(random.nextInt(3));
            List<JsonNode> records = new ArrayList<>();
            int count = 1 + random.nextInt(30);
            for (int i = 0; i < count; i++) {
                records.add(record(random, i, format));
            }
            byte[] payload = payload(records, format, random.nextBoolean(), random.nextInt(4) == 0);

            Outcome fast = run(payload, false);
            Outcome reference = run(payload, true);

            assertThat(fast).isEqualTo(reference);
            parsed += fast.parsedRecords();
        }
        assertThat(parsed).as("records read by the fast path").isGreaterThan(100);
    }

    @Test
    void payloadsThatAreNotBatchesFailTheSameWayBothWays() {
        for (String payload : List.of("", "[]", "{\"Items\":[{\"a\":1}", "{\"Items\":[{\"orderId\":\"x\",}],\"BatchInput\":{}}",
                "{\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}", "{\"Items\":[]}", "{\"Items\":[],\"BatchInput\":[]}",
                "{\"Items\":[],\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.txt\"}}",
                "{\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"},\"Items\":[{\"orderId\":\"ORD-1\",\"x\":\"\\ud800\"}, 1e99999999999]}")) {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            assertThat(run(bytes, false)).as(payload).isEqualTo(run(bytes, true));
        }
    }

    @Test
    void anOutputOverTheBoundFailsTheSameWayBothWays() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(order(i).put("attributes", "x".repeat(70_000))); // parked whole: RECORD_TOO_LARGE
        }
        records.add(order(9));
        byte[] payload = payload(records, "JSON", false, false);
        Outcome fast = run(payload, false);
        assertThat(fast.failure()).startsWith(OrderBatchTooLargeException.class.getName());
        assertThat(fast).isEqualTo(run(payload, true));
    }

    @Test
    void theRecordSizesAreTheSameBothWays() throws IOException {
        List<JsonNode> records = List.of(order(0), Json.mapper().createArrayNode().add(1), order(1).put("currency", "XXX"));
        byte[] payload = payload(records, "JSON", false, true);
        List<Long> fast = reader.read(payload).items().stream().map(BatchRecord::bytes).toList();
        List<Long> reference = treeReader.read(payload).items().stream().map(BatchRecord::bytes).toList();
        assertThat(fast).isEqualTo(reference);
    }

    /** What a run gave: the output bytes (as text) or the exception, and how many records skipped the tree. */
    private record Outcome(String output, String failure, int parsedRecords) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome o && java.util.Objects.equals(output, o.output)
                    && java.util.Objects.equals(failure, o.failure);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(output, failure);
        }
    }

    private Outcome run(byte[] payload, boolean reference) {
        try {
            BatchReader.Batch batch = (reference ? treeReader : reader).read(payload);
            int parsed = (int) batch.items().stream().filter(r -> r instanceof BatchRecord.Parsed).count();
            BatchOutcome outcome = validator.validate(batch, batch.input().context(NOW), false);
            byte[] output = writer.write(outcome, batch.payloadBytes());
            return new Outcome(new String(output, StandardCharsets.UTF_8), null, parsed);
        } catch (Exception e) {
            return new Outcome(null, e.getClass().getName() + ": " + e.getMessage(), 0);
        }
    }

    private static ItemsReader.Items treesOnly(byte[] payload, JsonParser parser) throws IOException {
        List<BatchRecord> trees = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long start = parser.currentTokenLocation().getByteOffset();
            JsonNode record = Json.mapper().readTree(parser);
            trees.add(new BatchRecord.Tree(record, parser.currentLocation().getByteOffset() - start));
        }
        return format -> trees;
    }

    private static JsonNode record(SplittableRandom random, int index, String format) {
        if (random.nextInt(40) == 0) {
            return Json.mapper().createArrayNode().add("not an order");
        }
        ObjectNode order = order(index);
        int mutations = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < mutations; i++) {
            MUTATIONS.get(random.nextInt(MUTATIONS.size())).accept(order);
        }
        return "CSV".equals(format) ? csvRow(order) : order;
    }

    /** Line {@code index} of the order, or a detached line when an earlier mutation removed it. */
    private static ObjectNode line(ObjectNode order, int index) {
        if (order.get("items") instanceof ArrayNode items && items.get(index) instanceof ObjectNode line) {
            return line;
        }
        return Json.mapper().createObjectNode();
    }

    private static ObjectNode order(int index) {
        ObjectNode order = ValidateBatchHandlerTest.validOrder("ORD-" + index);
        order.putObject("shippingAddress").put("line1", "1 Main St").put("city", "Dublin").put("country", "IE");
        return order;
    }

    /** A CSV row as the Map delivers it: every cell a string, structures as JSON text, absent values as empty cells. */
    private static ObjectNode csvRow(ObjectNode order) {
        ObjectNode row = Json.mapper().createObjectNode();
        for (Map.Entry<String, JsonNode> e : order.properties()) {
            JsonNode value = e.getValue();
            row.put(e.getKey(), value.isNull() ? "" : value.isContainerNode() ? Json.write(value) : value.asText());
        }
        return row;
    }

    private static byte[] payload(List<JsonNode> records, String format, boolean inputFirst, boolean pretty)
            throws IOException {
        ObjectNode payload = Json.mapper().createObjectNode();
        ObjectNode input = Json.mapper().createObjectNode().put("bucket", "orders-bucket")
                .put("key", "incoming/2026/11/orders." + format.toLowerCase(java.util.Locale.ROOT)).put("versionId", "v1")
                .put("format", format).put("executionId", ValidateBatchHandlerTest.EXECUTION);
        if (inputFirst) {
            payload.set("BatchInput", input);
        }
        ArrayNode items = payload.putArray("Items");
        records.forEach(items::add);
        if (!inputFirst) {
            payload.set("BatchInput", input);
        }
        return pretty ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(payload)
                : Json.mapper().writeValueAsBytes(payload);
    }
}
