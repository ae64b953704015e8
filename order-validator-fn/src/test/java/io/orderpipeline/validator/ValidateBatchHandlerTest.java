package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.OrderItemMapper;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.common.internal.LambdaHandlerProcessor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateBatchHandlerTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final String NAMESPACE = "OrderPipelineFromEnvironmentMap";
    static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:run-1";

    private final ValidateBatchHandler handler = new ValidateBatchHandler(
            Map.of("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE), Clock.fixed(NOW, ZoneOffset.UTC),
            new Tracing(() -> {
                throw new AssertionError("no X-Ray without a trace header");
            }, () -> false));

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.read(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode validOrder(String orderId) {
        return json("""
                {"orderId":"%s","customerId":"CUST-0042","orderDate":"2026-11-20T09:15:00Z","currency":"EUR",
                 "items":[{"sku":"SKU-RED-MUG","quantity":2,"unitPrice":9.95},{"sku":"SKU-TEA-100","quantity":1,"unitPrice":4.50}],
                 "totalAmount":24.40,"channel":"web","attributes":{"promo":"WINTER"}}
                """.formatted(orderId));
    }

    static String batch(String key, String format, JsonNode... items) {
        ObjectNode payload = Json.mapper().createObjectNode();
        ArrayNode array = payload.putArray("Items");
        for (JsonNode item : items) {
            array.add(item);
        }
        ObjectNode input = payload.putObject("BatchInput");
        input.put("bucket", "orders-bucket").put("key", key).put("versionId", "v1").put("format", format)
                .put("executionId", EXECUTION);
        return payload.toString();
    }

    @Test
    void aMixedBatchSplitsIntoItemsToPutAndMessagesToPark() throws IOException {
        ObjectNode mismatch = validOrder("ORD-2");
        mismatch.put("totalAmount", new BigDecimal("25.00"));
        JsonNode notAnObject = Json.mapper().createArrayNode().add("garbage");

        Invocation run = Invocation.run(handler, batch("incoming/2026/11/orders.json", "JSON",
                validOrder("ORD-1"), mismatch, notAnObject), TestContext.of("req-1"));
        JsonNode output = run.output();

        assertThat(output.get("valid")).hasSize(1);
        JsonNode valid = output.get("valid").get(0);
        assertThat(valid.get("orderId").asText()).isEqualTo("ORD-1");
        assertThat(OrderItemMapper.fromItem(valid.get("item")).totalAmount()).isEqualByComparingTo("24.40");
        assertThat(valid.at("/item/sourceKey/S").asText()).isEqualTo("incoming/2026/11/orders.json");
        assertThat(valid.at("/item/sourceVersion/S").asText()).isEqualTo("v1");
        assertThat(valid.at("/item/executionId/S").asText()).isEqualTo(EXECUTION);
        assertThat(valid.at("/item/ingestedAt/S").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(valid.at("/item/contentHash/S").asText()).matches("[0-9a-f]{64}");

        assertThat(output.get("invalid")).hasSize(2);
        JsonNode first = output.get("invalid").get(0);
        assertThat(first.get("orderId").asText()).isEqualTo("ORD-2");
        DlqMessage body = DlqMessages.parse(first.get("message").asText());
        assertThat(body.stage()).isEqualTo(DlqMessage.Stage.VALIDATION);
        assertThat(body.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
        assertThat(body.record()).isEqualTo(mismatch);
        assertThat(body.source().key()).isEqualTo("incoming/2026/11/orders.json");
        assertThat(body.executionId()).isEqualTo(EXECUTION);
        assertThat(first.get("attributes")).isEqualTo(json("""
                {"reasonCode":{"DataType":"String","StringValue":"TOTAL_MISMATCH"},
                 "sourceKey":{"DataType":"String","StringValue":"incoming/2026/11/orders.json"}}"""));

        JsonNode second = output.get("invalid").get(1);
        assertThat(second.get("orderId").isNull()).isTrue();
        assertThat(DlqMessages.parse(second.get("message").asText()).record()).isEqualTo(notAnObject);
        assertThat(second.at("/attributes/reasonCode/StringValue").asText()).isEqualTo("MALFORMED_RECORD");

        assertThat(output.get("counts")).isEqualTo(json("""
                {"received":3,"valid":1,"invalid":2,"byReason":{"MALFORMED_RECORD":1,"TOTAL_MISMATCH":1}}"""));
    }

    /** The sample event shipped for {@code sam local invoke} gives what its comments promise. */
    @Test
    void theSampleEventSplitsTwoValidAndThreeInvalid() throws IOException {
        String payload;
        try (var in = getClass().getResourceAsStream("/events/validator-batch.json")) {
            payload = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode output = Invocation.run(handler, payload, TestContext.of("req-sample")).output();
        assertThat(output.get("valid")).extracting(v -> v.get("orderId").asText())
                .containsExactly("ORD-2026-000001", "ORD-2026-000002");
        assertThat(output.get("invalid")).extracting(v -> v.get("orderId").isNull() ? null : v.get("orderId").asText())
                .containsExactly("ORD-2026-000003", "ORD-2026-000004", null);
        assertThat(output.get("counts")).isEqualTo(json("""
                {"received":5,"valid":2,"invalid":3,
                 "byReason":{"MALFORMED_RECORD":2,"INVALID_CUSTOMER_ID":1,"INVALID_CURRENCY":1,
                             "INVALID_QUANTITY":1,"NEGATIVE_PRICE":1,"TOTAL_MISMATCH":1}}"""));
    }

    @Test
    void csvRowsAcceptNumbersAsStrings() throws IOException {
        ObjectNode row = json("""
                {"orderId":"ORD-1","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                 "items":"[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":2,\\"unitPrice\\":\\"9.95\\"}]",
                 "totalAmount":"19.90","channel":"web","shippingAddress":"","attributes":""}""");
        ObjectNode truncated = row.deepCopy();
        truncated.put("orderId", "ORD-2");
        truncated.put("items", "[{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPr");

        JsonNode output = Invocation.run(handler, batch("incoming/orders.csv", "CSV", row, truncated),
                TestContext.of("req-csv")).output();

        assertThat(output.at("/counts/valid").asInt()).isEqualTo(1);
        assertThat(output.at("/valid/0/item/totalAmount/N").asText()).isEqualTo("19.9");
        DlqMessage parked = DlqMessages.parse(output.at("/invalid/0/message").asText());
        assertThat(parked.reasons().getFirst().code()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(parked.reasons().getFirst().message()).contains("\"unitPr");
    }

    @Test
    void theSameRecordsAsJsonAreWrongTypes() throws IOException {
        ObjectNode stringly = validOrder("ORD-1");
        stringly.put("totalAmount", "24.40");
        JsonNode output = Invocation.run(handler, batch("incoming/orders.jsonl", "JSONL", stringly),
                TestContext.of("req-jsonl")).output();
        assertThat(output.at("/counts/byReason")).isEqualTo(json("{\"MALFORMED_RECORD\":1}"));
    }

    @Test
    void metricsAreEmfLinesInTheNamespaceFromTheEnvironmentMap() throws IOException {
        ObjectNode mismatch = validOrder("ORD-2");
        mismatch.put("totalAmount", new BigDecimal("25.00"));
        ObjectNode twoProblems = validOrder("ORD-3");
        twoProblems.put("currency", "EURO");
        twoProblems.put("totalAmount", new BigDecimal("1"));

        Invocation run = Invocation.run(handler, batch("incoming/m.json", "JSON", validOrder("ORD-1"), mismatch,
                twoProblems), TestContext.of("req-metrics"));

        JsonNode counts = single(run.emfWithMetric("ValidOrders"));
        assertThat(counts.get("ValidOrders").asDouble()).isEqualTo(1.0);
        assertThat(counts.get("InvalidOrders").asDouble()).isEqualTo(2.0);
        JsonNode directive = counts.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(directive.get("Metrics")).extracting(m -> m.get("Name").asText(), m -> m.get("Unit").asText())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ValidOrders", "Count"),
                        org.assertj.core.groups.Tuple.tuple("InvalidOrders", "Count"));

        assertThat(run.emfWithMetric("InvalidOrdersByReason"))
                .allSatisfy(line -> {
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(NAMESPACE);
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString()).contains("reasonCode");
                })
                .extracting(line -> line.get("reasonCode").asText() + "=" + line.get("InvalidOrdersByReason").asInt())
                .containsExactlyInAnyOrder("INVALID_CURRENCY=1", "TOTAL_MISMATCH=2");
    }

    @Test
    void logLinesAreJsonWithTheCorrelationIdAndTheOrderId() throws IOException {
        ObjectNode mismatch = validOrder("ORD-2");
        mismatch.put("totalAmount", new BigDecimal("25.00"));

        Invocation run = Invocation.run(handler, batch("incoming/logs.json", "JSON", validOrder("ORD-1"), mismatch),
                TestContext.of("req-logs"));

        JsonNode rejected = single(run.logLines("order rejected"));
        assertThat(rejected.get("level").asText()).isEqualTo("INFO");
        assertThat(rejected.get("orderId").asText()).isEqualTo("ORD-2");
        assertThat(rejected.get("correlation_id").asText()).isEqualTo("incoming/logs.json#" + EXECUTION);
        assertThat(rejected.get("function_request_id").asText()).isEqualTo("req-logs");
        assertThat(rejected.get("function_name").asText()).isEqualTo("ValidatorFunction");
        assertThat(rejected.get("reasonCodes").toString()).isEqualTo("[\"TOTAL_MISMATCH\"]");
        assertThat(rejected.get("reasons").get(0).asText()).startsWith("TOTAL_MISMATCH $.totalAmount: ");

        JsonNode summary = single(run.logLines("batch validated"));
        assertThat(summary.get("correlation_id").asText()).isEqualTo("incoming/logs.json#" + EXECUTION);
        assertThat(summary.get("received").asInt()).isEqualTo(2);
        assertThat(summary.get("invalid").asInt()).isEqualTo(1);

        // valid orders are logged at DEBUG, which is off by default
        assertThat(run.logLines("order accepted")).isEmpty();
    }

    @Test
    void atDebugLevelEveryValidOrderIsLoggedToo() throws IOException {
        org.apache.logging.log4j.Level before = org.apache.logging.log4j.LogManager.getLogger("io.orderpipeline").getLevel();
        org.apache.logging.log4j.core.config.Configurator.setLevel("io.orderpipeline", org.apache.logging.log4j.Level.DEBUG);
        try {
            Invocation run = Invocation.run(handler, batch("incoming/debug.json", "JSON", validOrder("ORD-7")),
                    TestContext.of("req-debug"));
            JsonNode accepted = single(run.logLines("order accepted"));
            assertThat(accepted.get("level").asText()).isEqualTo("DEBUG");
            assertThat(accepted.get("orderId").asText()).isEqualTo("ORD-7");
        } finally {
            org.apache.logging.log4j.core.config.Configurator.setLevel("io.orderpipeline", before);
        }
    }

    @Test
    void aRecordOverSixtyFourKibIsMeasuredInThePayload() throws IOException {
        ObjectNode big = validOrder("ORD-BIG");
        big.putObject("attributes").put("blob", "x".repeat(70_000));
        JsonNode output = Invocation.run(handler, batch("incoming/big.json", "JSON", big, validOrder("ORD-1")),
                TestContext.of("req-big")).output();
        assertThat(output.at("/invalid/0/orderId").asText()).isEqualTo("ORD-BIG");
        assertThat(output.at("/invalid/0/attributes/reasonCode/StringValue").asText()).isEqualTo("RECORD_TOO_LARGE");
        assertThat(output.at("/counts/valid").asInt()).isEqualTo(1);
    }

    @Test
    void anOutputOverTheBoundFailsWithOrderBatchTooLarge() {
        ObjectNode[] items = new ObjectNode[5];
        for (int i = 0; i < items.length; i++) {
            items[i] = validOrder("ORD-" + i);
            items[i].put("totalAmount", new BigDecimal("1.00"));
            items[i].putObject("attributes").put("blob", "\"quoted\" ".repeat(6_000));
        }
        String payload = batch("incoming/huge.json", "JSON", items);

        assertThatThrownBy(() -> Invocation.run(handler, payload, TestContext.of("req-huge")))
                .isInstanceOf(OrderBatchTooLargeException.class)
                .hasMessageStartingWith("OrderBatch.TooLarge")
                .satisfies(e -> assertThat(((OrderBatchTooLargeException) e).outputBytes())
                        .isGreaterThan(BatchOutputWriter.MAX_OUTPUT_BYTES));
        assertThat(OrderBatchTooLargeException.class.getName())
                .isEqualTo("io.orderpipeline.validator.OrderBatchTooLargeException");
    }

    @Test
    void somethingThatIsNotABatchFailsTheInvocation() {
        assertThatThrownBy(() -> invoke("{\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("Items");
        assertThatThrownBy(() -> invoke("{\"Items\":[]}"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("BatchInput");
        assertThatThrownBy(() -> invoke("{\"Items\":[], \"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\",\"format\":\"XML\"}}"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("XML");
        assertThatThrownBy(() -> invoke("{\"Items\":[{\"orderId\":"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void theFormatFallsBackToTheKeySuffixAndAnEmptyBatchIsFine() throws IOException {
        JsonNode output = Json.read(invoke("{\"BatchInput\":{\"bucket\":\"b\",\"key\":\"in/k.csv\"},\"Items\":[]}"));
        assertThat(output).isEqualTo(json("""
                {"valid":[],"invalid":[],"counts":{"received":0,"valid":0,"invalid":0,"byReason":{}}}"""));
    }

    @Test
    void coldStartIsCountedOnlyOnTheFirstInvocationOfTheContainer() throws IOException {
        boolean cold = LambdaHandlerProcessor.isColdStart();
        String payload = batch("incoming/cold.json", "JSON", validOrder("ORD-1"));
        Invocation first = Invocation.run(handler, payload, TestContext.of("req-cold-1"));
        Invocation second = Invocation.run(handler, payload, TestContext.of("req-cold-2"));

        assertThat(first.emfWithMetric("ColdStart")).hasSize(cold ? 1 : 0);
        assertThat(second.emfWithMetric("ColdStart")).isEmpty();
        assertThat(LambdaHandlerProcessor.isColdStart()).isFalse();
    }

    @Test
    void theEnvironmentConstructorNeedsNoOtherSetup() throws IOException {
        ValidateBatchHandler fromMap = new ValidateBatchHandler(Map.of());
        Invocation run = Invocation.run(fromMap, batch("incoming/default.json", "JSON", validOrder("ORD-1")),
                TestContext.of("req-default"));
        assertThat(run.output().at("/counts/valid").asInt()).isEqualTo(1);
        assertThat(single(run.emfWithMetric("ValidOrders")).at("/_aws/CloudWatchMetrics/0/Namespace").asText())
                .isEqualTo(BatchMetrics.DEFAULT_NAMESPACE);
    }

    @Test
    void oneHandlerServesConcurrentInvocations() throws Exception {
        ObjectNode mismatch = validOrder("ORD-X");
        mismatch.put("totalAmount", new BigDecimal("1.00"));
        java.util.List<java.util.concurrent.Callable<JsonNode>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String payload = batch("incoming/c" + i + ".json", "JSON", validOrder("ORD-" + i), mismatch);
            calls.add(() -> Json.read(invoke(payload)));
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            int i = 0;
            for (var future : pool.invokeAll(calls)) {
                JsonNode output = future.get();
                assertThat(output.at("/valid/0/orderId").asText()).isEqualTo("ORD-" + i);
                assertThat(output.at("/valid/0/item/sourceKey/S").asText()).isEqualTo("incoming/c" + i + ".json");
                assertThat(output.at("/counts/byReason")).isEqualTo(json("{\"TOTAL_MISMATCH\":1}"));
                i++;
            }
        }
    }

    private String invoke(String payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                TestContext.of("req-raw"));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode single(java.util.List<JsonNode> lines) {
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }
}
