package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.FileRecords;
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
        for (int i = 0; i < items.length; i++) {
            array.addObject().put("index", i).set("record", items[i]);
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
        assertThat(valid.get("index").asInt()).isZero();
        assertThat(valid.at("/item/orderId/S").asText()).isEqualTo("ORD-1");
        assertThat(valid.get("recordId").asText()).isEqualTo(FileRecords.orderRecordId("incoming/2026/11/orders.json",
                valid.at("/item/contentHash/S").asText()));
        assertThat(OrderItemMapper.fromItem(valid.get("item")).totalAmount()).isEqualByComparingTo("24.40");
        // the attributes every item shares travel once; the state machine merges them into each put
        assertThat(valid.get("item").has("sourceKey")).isFalse();
        JsonNode shared = output.get("shared");
        assertThat(shared.at("/sourceBucket/S").asText()).isEqualTo("orders-bucket");
        assertThat(shared.at("/sourceKey/S").asText()).isEqualTo("incoming/2026/11/orders.json");
        assertThat(shared.at("/sourceVersion/S").asText()).isEqualTo("v1");
        assertThat(shared.at("/executionId/S").asText()).isEqualTo(EXECUTION);
        assertThat(shared.at("/ingestedAt/S").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(valid.at("/item/contentHash/S").asText()).matches("[0-9a-f]{64}");

        assertThat(output.get("invalid")).hasSize(2);
        JsonNode first = output.get("invalid").get(0);
        assertThat(first.get("index").asInt()).isEqualTo(1);
        DlqMessage body = DlqMessages.parse(first.get("message").asText());
        assertThat(body.orderId()).isEqualTo("ORD-2");
        assertThat(body.recordIndex()).isEqualTo(1L);
        assertThat(body.recordId()).isEqualTo(FileRecords.recordId("incoming/2026/11/orders.json", mismatch));
        assertThat(body.stage()).isEqualTo(DlqMessage.Stage.VALIDATION);
        assertThat(body.primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
        assertThat(body.record()).isEqualTo(mismatch);
        assertThat(body.source().key()).isEqualTo("incoming/2026/11/orders.json");
        assertThat(body.executionId()).isEqualTo(EXECUTION);
        // the message attributes' values; the state machine builds the attributes (the source key from BatchInput)
        assertThat(first.has("attributes")).isFalse();
        assertThat(first.get("reason").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(first.get("recordId").asText()).isEqualTo(body.recordId());

        JsonNode second = output.get("invalid").get(1);
        assertThat(DlqMessages.parse(second.get("message").asText()).orderId()).isNull();
        assertThat(DlqMessages.parse(second.get("message").asText()).record()).isEqualTo(notAnObject);
        assertThat(second.get("reason").asText()).isEqualTo("MALFORMED_RECORD");

        assertThat(output.get("report")).isEqualTo(json("""
                {"received":3,"records":[
                  {"index":0,"recordId":"%s","outcome":"VALID"},
                  {"index":1,"recordId":"%s","outcome":"INVALID","reason":"TOTAL_MISMATCH"},
                  {"index":2,"recordId":"%s","outcome":"INVALID","reason":"MALFORMED_RECORD"}]}"""
                .formatted(valid.get("recordId").asText(), body.recordId(),
                        FileRecords.recordId("incoming/2026/11/orders.json", notAnObject))));
    }

    /** The sample event shipped for {@code sam local invoke} gives what its comments promise. */
    @Test
    void theSampleEventSplitsTwoValidAndThreeInvalid() throws IOException {
        String payload;
        try (var in = getClass().getResourceAsStream("/events/validator-batch.json")) {
            payload = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode output = Invocation.run(handler, payload, TestContext.of("req-sample")).output();
        assertThat(output.get("valid")).extracting(v -> v.at("/item/orderId/S").asText())
                .containsExactly("ORD-2026-000001", "ORD-2026-000002");
        assertThat(output.get("invalid")).extracting(v -> parse(v).orderId())
                .containsExactly("ORD-2026-000003", "ORD-2026-000004", null);
        assertThat(output.at("/report/records")).extracting(r -> r.get("index").asInt() + " " + r.get("outcome").asText()
                        + (r.has("reason") ? " " + r.get("reason").asText() : ""))
                .containsExactly("0 VALID", "1 VALID", "2 INVALID TOTAL_MISMATCH", "3 INVALID INVALID_CUSTOMER_ID",
                        "4 INVALID MALFORMED_RECORD");
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

        assertThat(output.get("valid")).hasSize(1);
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
        assertThat(output.at("/report/records/0/reason").asText()).isEqualTo("MALFORMED_RECORD");
    }

    @Test
    void aCsvRecordOfEmptyCellsIsABlankLineNotARecord() throws IOException {
        ObjectNode blank = json("""
                {"orderId":"","customerId":"","orderDate":"","currency":"","items":"","totalAmount":""}""");
        ObjectNode oneSpace = blank.deepCopy();
        oneSpace.put("channel", " ");
        JsonNode output = Invocation.run(handler, batch("incoming/blank.csv", "CSV", blank, oneSpace),
                TestContext.of("req-blank")).output();
        assertThat(output.get("valid")).isEmpty();
        assertThat(output.get("invalid")).hasSize(1);
        assertThat(output.at("/report/records/0")).isEqualTo(json("{\"index\":0,\"outcome\":\"BLANK\"}"));
        assertThat(output.at("/report/records/1/outcome").asText()).isEqualTo("INVALID");
        assertThat(output.at("/report/records/1/reason").asText()).isEqualTo("MISSING_FIELD");

        // in JSON the same object is a record with missing fields
        JsonNode json = Invocation.run(handler, batch("incoming/blank.json", "JSON", blank),
                TestContext.of("req-blank-json")).output();
        assertThat(json.at("/report/records/0/outcome").asText()).isEqualTo("INVALID");
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
                        org.assertj.core.groups.Tuple.tuple("InvalidOrders", "Count"),
                        org.assertj.core.groups.Tuple.tuple("DeferredRecords", "Count"));
        assertThat(counts.get("DeferredRecords").asInt()).isZero();

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
    void aValidOrderOverSixtyFourKibIsValidAndTravelsWhenItsItemFits() throws IOException {
        ObjectNode big = validOrder("ORD-BIG");
        big.putObject("attributes").put("blob", "x".repeat(70_000));
        JsonNode output = Invocation.run(handler, batch("incoming/big.json", "JSON", big, validOrder("ORD-1")),
                TestContext.of("req-big")).output();
        assertThat(output.get("invalid")).isEmpty();
        assertThat(output.get("valid")).extracting(v -> v.at("/item/orderId/S").asText())
                .containsExactly("ORD-BIG", "ORD-1");
        assertThat(output.at("/valid/0/item/attributes/M/blob/S").asText()).hasSize(70_000);
    }

    @Test
    void whatDoesNotFitTheOutputIsDeferredNeverAFailure() throws IOException {
        // six valid orders of about 55 KB each as delivered: their items are about as large, so four fit
        ObjectNode[] items = new ObjectNode[6];
        for (int i = 0; i < items.length; i++) {
            items[i] = validOrder("ORD-" + i);
            items[i].putObject("attributes").put("blob", "\"quoted\" ".repeat(5_000));
        }
        Invocation run = Invocation.run(handler, batch("incoming/huge.json", "JSON", items),
                TestContext.of("req-huge"));
        JsonNode output = run.output();
        assertThat(Json.write(output).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(BatchOutputWriter.MAX_OUTPUT_BYTES);
        assertThat(output.at("/report/records")).extracting(r -> r.get("outcome").asText() + " " + r.path("reason").asText())
                .containsExactly("VALID ", "VALID ", "VALID ", "VALID ", "DEFERRED BATCH_OUTPUT_FULL",
                        "DEFERRED BATCH_OUTPUT_FULL");
        assertThat(output.get("valid")).extracting(v -> v.get("index").asInt()).containsExactly(0, 1, 2, 3);
        assertThat(output.at("/report/records/4/recordId").asText()).matches("[0-9a-f]{32}");
        assertThat(single(run.emfWithMetric("DeferredRecords")).get("DeferredRecords").asInt()).isEqualTo(2);
    }

    @Test
    void aRecordWhoseEntryCouldNotTravelEvenAloneIsDeferredAsTooLarge() throws IOException {
        // a 64 KiB order of tiny numbers: its item in attribute-value JSON is about five times as large
        ObjectNode numbers = validOrder("ORD-NUMBERS");
        ArrayNode many = numbers.putObject("attributes").putArray("n");
        while (Json.write(numbers).length() < 65_000) {
            many.add(0);
        }
        // an invalid record whose DLQ message would be over SQS's limit: a JSONL line of 300 KB
        ObjectNode huge = validOrder("ORD-HUGE");
        huge.putObject("attributes").put("blob", "y".repeat(300_000));
        JsonNode output = Invocation.run(handler, batch("incoming/big.jsonl", "JSONL", numbers, huge,
                validOrder("ORD-SMALL")), TestContext.of("req-too-large")).output();
        assertThat(output.at("/report/records")).extracting(r -> r.get("outcome").asText() + " " + r.path("reason").asText())
                .containsExactly("DEFERRED RECORD_TOO_LARGE", "DEFERRED RECORD_TOO_LARGE", "VALID ");
        assertThat(output.get("invalid")).isEmpty();
        assertThat(output.get("valid")).extracting(v -> v.get("index").asInt()).containsExactly(2);
    }

    @Test
    void everyItemMustBeAnIndexAndARecord() {
        String bare = "{\"Items\":[{\"orderId\":\"ORD-1\"}],\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}";
        assertThatThrownBy(() -> invoke(bare)).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("Items[0]").hasMessageContaining("index");
        String noRecord = "{\"Items\":[{\"index\":0}],\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}";
        assertThatThrownBy(() -> invoke(noRecord)).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("record");
        String negative = "{\"Items\":[{\"index\":-1,\"record\":{}}],\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}";
        assertThatThrownBy(() -> invoke(negative)).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("whole number");
        String notObject = "{\"Items\":[[1]],\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}";
        assertThatThrownBy(() -> invoke(notObject)).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("Items[0]");
    }

    @Test
    void recordsKeepTheirIndexInTheFileWhateverTheirPlaceInTheBatch() throws IOException {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.putObject("BatchInput").put("bucket", "b").put("key", "incoming/late.json").put("format", "JSON");
        ArrayNode array = payload.putArray("Items");
        array.addObject().set("record", validOrder("ORD-1"));
        ((ObjectNode) array.get(0)).put("index", 4_000_000_123L);
        array.addObject().put("index", 7).put("extra", "ignored").set("record", Json.mapper().getNodeFactory().nullNode());
        JsonNode output = Json.read(invoke(payload.toString()));
        assertThat(output.at("/valid/0/index").asLong()).isEqualTo(4_000_000_123L);
        assertThat(output.at("/invalid/0/index").asInt()).isEqualTo(7);
        assertThat(parse(output.at("/invalid/0")).recordIndex()).isEqualTo(7L);
    }

    @Test
    void somethingThatIsNotABatchFailsTheInvocation() {
        assertThatThrownBy(() -> invoke("{\"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\"}}"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("Items");
        assertThatThrownBy(() -> invoke("{\"Items\":[]}"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("BatchInput");
        assertThatThrownBy(() -> invoke("{\"Items\":[], \"BatchInput\":{\"bucket\":\"b\",\"key\":\"k.json\",\"format\":\"XML\"}}"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("XML");
        assertThatThrownBy(() -> invoke("{\"Items\":[{\"index\":0,\"record\":{\"orderId\":"))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void theFormatFallsBackToTheKeySuffixAndAnEmptyBatchIsFine() throws IOException {
        JsonNode output = Json.read(invoke("{\"BatchInput\":{\"bucket\":\"b\",\"key\":\"in/k.csv\"},\"Items\":[]}"));
        assertThat(output).isEqualTo(json("""
                {"shared":{"sourceBucket":{"S":"b"},"sourceKey":{"S":"in/k.csv"},"ingestedAt":{"S":"2026-11-24T10:00:00Z"}},
                 "valid":[],"invalid":[],"report":{"received":0,"records":[]}}"""));
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
        assertThat(run.output().get("valid")).hasSize(1);
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
                assertThat(output.at("/valid/0/item/orderId/S").asText()).isEqualTo("ORD-" + i);
                assertThat(output.at("/shared/sourceKey/S").asText()).isEqualTo("incoming/c" + i + ".json");
                assertThat(output.at("/report/records/1/reason").asText()).isEqualTo("TOTAL_MISMATCH");
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

    private static DlqMessage parse(JsonNode invalidEntry) {
        return DlqMessages.parse(invalidEntry.get("message").asText());
    }

    private static JsonNode single(java.util.List<JsonNode> lines) {
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }
}
