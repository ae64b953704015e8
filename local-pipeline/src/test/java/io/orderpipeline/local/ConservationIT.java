package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.report.FileReport;
import io.orderpipeline.local.report.PipelineInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conservation promise through the real template, definition and handlers (issue #11): every order of a file is in
 * the table or in the DLQ with a reason, exactly as written, and the reconciler's report — the evidence each test reads
 * — says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConservationIT {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private LocalEnvironment environment;
    private LocalPipeline pipeline;

    @BeforeAll
    void start() {
        environment = LocalEnvironment.startOwn();
        pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options());
    }

    @AfterAll
    void stop() {
        pipeline.close();
        environment.close();
    }

    private FileReport upload(byte[] content, String key) {
        return pipeline.report(pipeline.upload(content, key));
    }

    private List<PipelineInspector.DlqEntry> messagesOf(FileReport report) {
        return pipeline.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId())).toList();
    }

    /** An invalid order with 7,000 lines (about 340 KB): its DLQ body is over SQS's 262,144 bytes. */
    static ObjectNode hugeOrder(String orderId) {
        var order = OrderFiles.invalid(orderId, 0);
        var items = order.putArray("items");
        for (int i = 0; i < 7_000; i++) {
            items.addObject().put("sku", "SKU-" + i).put("quantity", 1).put("unitPrice", new java.math.BigDecimal("1.00"));
        }
        return order;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRecordTooLargeToTravelIsParkedWithAClaimCheckExactlyAsWritten(Format format) throws Exception {
        var prefix = "HUGE" + format;
        var orders = new ArrayList<>(OrderFiles.orders(prefix, 3, 0));
        var huge = hugeOrder(OrderFiles.id(prefix, 9));
        orders.add(1, huge);
        var report = upload(OrderFiles.render(orders, format), "incoming/huge" + format.suffix);

        assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
        assertThat(report.read()).isEqualTo(4);
        assertThat(report.unaccounted()).isZero();
        assertThat(report.altered()).isZero();
        assertThat(report.inTable() + report.inDlq()).isEqualTo(4);
        var message = messagesOf(report).stream().filter(e -> e.claimCheckKey() != null).toList();
        assertThat(message).singleElement().satisfies(m -> {
            assertThat(m.reasonCode()).isEqualTo("RECORD_TOO_LARGE");
            assertThat(m.attributes()).containsKey(PipelineInspector.DlqEntry.EXTENDED_PAYLOAD_SIZE)
                    .containsEntry("sourceKey", "incoming/huge" + format.suffix);
            assertThat(m.claimCheckKey()).startsWith("dlq-payloads/");
            assertThat(m.recordId()).matches("[0-9a-f]{32}");
            assertThat(m.body().path("recordIndex").asInt()).isEqualTo(1);
            assertThat(m.body().path("orderId").asText()).isEqualTo(huge.get("orderId").asText());
            assertThat(m.body().path("reasons").get(0).path("code").asText()).isEqualTo("RECORD_TOO_LARGE");
            // the record exactly as the file has it (CSV: its cells as strings)
            var record = m.body().path("record");
            if (format == Format.CSV) {
                assertThat(JSON.readTree(record.path("items").asText()).equals(huge.get("items"))).as("items as written").isTrue();
                assertThat(record.path("totalAmount").asText()).isEqualTo(huge.get("totalAmount").decimalValue().toPlainString());
            } else {
                assertThat(record.equals(huge)).as("the record exactly as written").isTrue();
            }
        });
    }

    @Test
    void aCsvWithoutHeaderFailsAsAWholeSayingSoAndParksNoOrderAsGarbage() {
        var csv = new String(OrderFiles.render(OrderFiles.orders("NOHEADER", 3, 0), Format.CSV), StandardCharsets.UTF_8);
        var withoutHeader = csv.substring(csv.indexOf('\n') + 1);
        var report = upload(withoutHeader.getBytes(StandardCharsets.UTF_8), "incoming/no-header.csv");

        assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(report.outcome().result().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(report.conserved()).isTrue();
        assertThat(report.fileFailed()).isTrue();
        assertThat(messagesOf(report)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo("FILE");
            assertThat(m.reasonCode()).isEqualTo("FILE_ERROR");
            assertThat(m.body().path("reasons").get(0).path("message").asText())
                    .contains("OrderFile.MissingColumns").contains("must start with a header row");
        });
        assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-NOHEADER")).isZero();
    }

    @Test
    void aCsvWithOnlyItsHeaderHoldsNoOrders() {
        var report = upload("orderId,customerId,orderDate,currency,items,totalAmount\n".getBytes(StandardCharsets.UTF_8),
                "incoming/header-only.csv");

        assertThat(report.outcome().result().status()).as("%s: %s", report.outcome().result().error(),
                report.outcome().result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.reconciliation()).isNotNull();
        assertThat(report.read()).isZero();
        assertThat(report.conserved()).isTrue();
        assertThat(messagesOf(report)).isEmpty();
    }

    @Test
    void aFolderKeyIsNotAFileAndTheExecutionSucceedsDoingNothing() {
        var report = upload(new byte[0], "incoming/2026/12/");

        if (report.outcome().ruleMatched()) {
            assertThat(report.outcome().result().status()).as("%s: %s", report.outcome().result().error(),
                report.outcome().result().cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.outcome().result().stats().childExecutions()).isZero();
            assertThat(messagesOf(report)).isEmpty();
        }
        assertThat(report.reconciliation()).isNull();
        assertThat(report.conserved()).isTrue();
    }

    @Test
    void theReportIsWrittenNextToTheMapResultsAndMatchesWhatTheSummaryPrints() throws Exception {
        var report = upload(OrderFiles.render(OrderFiles.orders("REPORT", 2, 1), Format.JSONL), "incoming/report.jsonl");

        var reconciliation = report.reconciliation();
        assertThat(reconciliation).isNotNull();
        var execution = report.outcome().executionArn();
        assertThat(reconciliation.key()).isEqualTo("map-results/" + execution.substring(execution.lastIndexOf(':') + 1)
                + "/reconciliation.json");
        JsonNode json = reconciliation.json();
        assertThat(json.path("source").path("key").asText()).isEqualTo("incoming/report.jsonl");
        assertThat(json.path("source").path("format").asText()).isEqualTo("JSONL");
        assertThat(json.path("executionId").asText()).isEqualTo(execution);
        assertThat(json.path("counts").path("read").asLong()).isEqualTo(3);
        assertThat(json.path("map").path("manifests")).isNotEmpty();
        assertThat(report.conserved()).isTrue();
    }

    /** An invalid order of about 240 KB as delivered: it travels alone, but its DLQ body cannot fit the batch output. */
    static ObjectNode bigOrder(String orderId, Format format) {
        var order = OrderFiles.invalid(orderId, 0);
        var items = order.putArray("items");
        int lines = format == Format.CSV ? 4_000 : 5_000; // a CSV cell's quotes are escaped once more on the way
        for (int i = 0; i < lines; i++) {
            items.addObject().put("sku", "SKU-" + i).put("quantity", 1).put("unitPrice", new java.math.BigDecimal("1.00"));
        }
        return order;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aDlqBodyThatCannotTravelInTheBatchOutputIsDeferredAndParkedByTheReconcilerExactlyAsWritten(Format format)
            throws Exception {
        var prefix = "DEFER" + format;
        var orders = new ArrayList<>(OrderFiles.orders(prefix, 2, 0));
        var big = bigOrder(OrderFiles.id(prefix, 9), format);
        orders.add(1, big);
        var report = upload(OrderFiles.render(orders, format), "incoming/defer" + format.suffix);

        assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
        assertThat(report.read()).isEqualTo(3);
        assertThat(report.unaccounted()).isZero();
        assertThat(report.altered()).isZero();
        assertThat(report.reconciliation().json().path("map").path("childrenFailed").asInt())
                .as("no child failed for its size").isZero();
        assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-" + prefix)).isEqualTo(2);
        var parked = report.reconciliation().json().path("reconcilerParked");
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.path("index").asInt()).isEqualTo(1);
            assertThat(p.path("reason").asText()).as("the record's own first reason").isEqualTo("TOO_MANY_ITEMS");
            assertThat(p.path("why").asText()).contains("deferred by the validator (RECORD_TOO_LARGE)");
            assertThat(p.path("claimCheck").asBoolean()).isFalse();
        });
        assertThat(messagesOf(report)).singleElement().satisfies(m -> {
            assertThat(m.claimCheckKey()).as("under SQS's limit: sent inline").isNull();
            assertThat(m.body().path("stage").asText()).isEqualTo("RECONCILIATION");
            assertThat(m.body().path("recordIndex").asInt()).isEqualTo(1);
            assertThat(m.recordId()).isEqualTo(p(report).path("recordId").asText());
            var record = m.body().path("record");
            if (format == Format.CSV) {
                assertThat(JSON.readTree(record.path("items").asText()).equals(big.get("items"))).isTrue();
            } else {
                assertThat(record.equals(big)).as("the record exactly as written").isTrue();
            }
        });
    }

    /** Step Functions' payload quota, a child's input included. */
    private static final int PAYLOAD_LIMIT = 262_144;

    /** The record as it travels in a payload: compact JSON (a CSV row: its object of strings). */
    private static int travelledBytes(ObjectNode order, Format format) {
        if (format != Format.CSV) {
            return order.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        var row = JSON.createObjectNode();
        order.properties().forEach(e -> row.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().isNumber() ? e.getValue().decimalValue().toPlainString() : e.getValue().toString()));
        return row.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** A valid order padded with one text attribute until it travels in {@code bytes} (within a few bytes). */
    private static ObjectNode travellingIn(String orderId, Format format, int bytes) {
        var order = OrderFiles.valid(orderId, 0);
        order.putObject("attributes").put("note", "");
        int padding = bytes - travelledBytes(order, format);
        order.putObject("attributes").put("note", "n".repeat(padding));
        return order;
    }

    /**
     * A valid order whose DynamoDB item, as this pipeline builds it, is {@code itemBytes} (within the bytes by which the
     * execution's own ARN, version and time differ from the stand-ins used here).
     */
    private ObjectNode itemOf(String orderId, long itemBytes) {
        var order = OrderFiles.valid(orderId, 0);
        order.putObject("attributes").put("note", "");
        var context = new io.orderpipeline.model.IngestionContext(new io.orderpipeline.model.SourceRef(
                pipeline.bucket(), "incoming/item-limit.json", "v".repeat(32)),
                "arn:aws:states:us-east-1:000000000000:execution:order-pipeline-order-pipeline:"
                        + java.util.UUID.randomUUID(), java.time.Instant.parse("2026-12-07T10:00:00.123Z"));
        var valid = (io.orderpipeline.model.ValidationResult.Valid) new io.orderpipeline.model.rules.OrderValidator()
                .validate(order, io.orderpipeline.model.RecordFormat.JSON);
        long base = io.orderpipeline.model.wire.ItemSize.of(
                io.orderpipeline.model.wire.OrderItemMapper.toItem(valid.order(), context));
        order.putObject("attributes").put("note", "n".repeat((int) (itemBytes - base)));
        return order;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void validOrdersNoBatchOutputOrNoBatchAtAllCanCarryAreStoredExactlyAsWritten(Format format) throws Exception {
        // #22 §8: one travels alone just under the payload quota (the validator defers it: its item cannot travel
        // back), one is just over it (its child cannot start); the reconciler stores both with the same put
        var prefix = "CARRY" + format;
        var orders = new ArrayList<>(OrderFiles.orders(prefix, 2, 0));
        var under = travellingIn(OrderFiles.id(prefix, 8), format, PAYLOAD_LIMIT - 2_048);
        var over = travellingIn(OrderFiles.id(prefix, 9), format, PAYLOAD_LIMIT + 2_048);
        orders.add(1, under);
        orders.add(over);
        var report = upload(OrderFiles.render(orders, format), "incoming/carry" + format.suffix);

        assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
        assertThat(report.read()).isEqualTo(4);
        assertThat(report.inTable()).isEqualTo(4);
        assertThat(report.inDlq()).isZero();
        assertThat(report.reconciliation().json().at("/counts/storedByReconciler").asLong()).isEqualTo(2);
        for (var order : List.of(under, over)) {
            var item = PipelineTestSupport.item(pipeline, order.get("orderId").asText());
            assertThat(item.get("attributes").m().get("note").s()).isEqualTo(order.at("/attributes/note").asText());
            assertThat(item.get("sourceKey").s()).isEqualTo("incoming/carry" + format.suffix);
        }
        assertThat(messagesOf(report)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void onlyAnItemOverDynamoDbsLimitIsParkedNamingThatLimitAndOneJustUnderIsStored(Format format) throws Exception {
        var prefix = "ITEM" + format;
        var under = itemOf(OrderFiles.id(prefix, 1), io.orderpipeline.model.wire.ItemSize.MAX_ITEM_BYTES - 1_024);
        var over = itemOf(OrderFiles.id(prefix, 2), io.orderpipeline.model.wire.ItemSize.MAX_ITEM_BYTES + 1_024);
        var report = upload(OrderFiles.render(List.of(under, over), format), "incoming/item-limit" + format.suffix);

        assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
        assertThat(report.inTable()).isEqualTo(1);
        assertThat(PipelineTestSupport.item(pipeline, under.get("orderId").asText())).as("DynamoDB Local holds it")
                .isNotEmpty();
        assertThat(PipelineTestSupport.item(pipeline, over.get("orderId").asText())).isEmpty();
        assertThat(messagesOf(report)).singleElement().satisfies(m -> {
            assertThat(m.reasonCode()).isEqualTo("RECORD_TOO_LARGE");
            assertThat(m.claimCheckKey()).as("the record itself is over SQS's limit").startsWith("dlq-payloads/");
            assertThat(m.body().at("/reasons/0/message").asText()).matches("its DynamoDB item is \\d+ bytes, more"
                    + " than DynamoDB's 400 KB item limit \\(409600 bytes\\)");
            assertThat(m.body().path("orderId").asText()).isEqualTo(over.get("orderId").asText());
        });
    }

    private static JsonNode p(FileReport report) {
        return report.reconciliation().json().path("reconcilerParked").get(0);
    }

    /** Orders at the edges of numbers and text; each is judged the same way whatever the file's format. */
    static List<ObjectNode> edgeOrders(String prefix) {
        var orders = new ArrayList<ObjectNode>();
        var largest = OrderFiles.valid(OrderFiles.id(prefix, 1), 0);
        largest.put("currency", "USD");
        largest.putArray("items").addObject().put("sku", "SKU-BIG").put("quantity", 1)
                .put("unitPrice", new java.math.BigDecimal("999999999999999.99"));
        largest.put("totalAmount", new java.math.BigDecimal("999999999999999.99"));
        orders.add(largest); // the largest amount the rules allow: stored exactly, never through a double
        var thirtyDecimals = OrderFiles.valid(OrderFiles.id(prefix, 2), 0);
        ((ObjectNode) thirtyDecimals.get("items").get(0)).put("unitPrice",
                new java.math.BigDecimal("9.950000000000000000000000000001"));
        orders.add(thirtyDecimals); // INVALID_AMOUNT: 30 decimals are not rounded to 9.95 on the way
        orders.add(withAttribute(OrderFiles.valid(OrderFiles.id(prefix, 3), 0), "tiny",
                new java.math.BigDecimal("1E-400"))); // not 0: MALFORMED_RECORD (DynamoDB cannot store it)
        orders.add(withAttribute(OrderFiles.valid(OrderFiles.id(prefix, 4), 0), "huge",
                new java.math.BigDecimal("1E+400"))); // not Infinity: MALFORMED_RECORD
        orders.add(withAttribute(OrderFiles.valid(OrderFiles.id(prefix, 5), 0), "",
                new java.math.BigDecimal("1"))); // DynamoDB's "Empty attribute name", caught before the write
        var text = OrderFiles.valid(OrderFiles.id(prefix, 6), 0);
        text.put("customerId", "Zoë \"Q\" \\ 😀 東京\u0001");
        orders.add(text); // stored with its text exactly
        orders.add(withAttribute(OrderFiles.valid(OrderFiles.id(prefix, 7), 0), "precise",
                new java.math.BigDecimal("1.234567890123456789012345678901234567"))); // 37 digits: storable, exact
        return orders;
    }

    private static ObjectNode withAttribute(ObjectNode order, String name, java.math.BigDecimal value) {
        order.putObject("attributes").put(name, value);
        return order;
    }

    /** Per order (by its number), STORED or the first reason it was parked with. */
    private java.util.Map<String, String> outcomes(FileReport report, String prefix, int count) {
        var outcomes = new java.util.TreeMap<String, String>();
        for (var m : messagesOf(report)) {
            outcomes.put(m.body().path("orderId").asText().substring(("ORD-" + prefix + "-").length()), m.reasonCode());
        }
        for (int n = 1; n <= count; n++) {
            if (!PipelineTestSupport.item(pipeline, OrderFiles.id(prefix, n)).isEmpty()) {
                outcomes.merge(String.format(java.util.Locale.ROOT, "%06d", n), "STORED", (a, b) -> a + "+" + b);
            }
        }
        return outcomes;
    }

    @Test
    void numbersAndTextAtTheEdgesArriveExactlyAndGetTheSameOutcomeInEveryFormat() {
        var expected = new java.util.TreeMap<String, String>(java.util.Map.of(
                "000001", "STORED", "000002", "INVALID_AMOUNT", "000003", "MALFORMED_RECORD",
                "000004", "MALFORMED_RECORD", "000005", "MALFORMED_RECORD", "000006", "STORED", "000007", "STORED"));
        for (Format format : Format.values()) {
            var prefix = "EDGE" + format;
            var orders = edgeOrders(prefix);
            var report = upload(OrderFiles.render(orders, format), "incoming/edge" + format.suffix);

            assertThat(report.conserved()).as(format + ": " + report.notConservedBecause()).isTrue();
            assertThat(report.read()).isEqualTo(orders.size());
            assertThat(report.unaccounted()).isZero();
            assertThat(report.altered()).as("every stored order's content hash is its record's").isZero();
            assertThat(outcomes(report, prefix, orders.size())).as(format.name()).isEqualTo(expected);

            var largest = PipelineTestSupport.item(pipeline, OrderFiles.id(prefix, 1));
            assertThat(largest.get("totalAmount").n()).isEqualTo("999999999999999.99");
            assertThat(largest.get("items").l().getFirst().m().get("unitPrice").n()).isEqualTo("999999999999999.99");
            assertThat(PipelineTestSupport.item(pipeline, OrderFiles.id(prefix, 6)).get("customerId").s())
                    .isEqualTo("Zoë \"Q\" \\ 😀 東京\u0001");
            assertThat(new java.math.BigDecimal(PipelineTestSupport.item(pipeline, OrderFiles.id(prefix, 7))
                    .get("attributes").m().get("precise").n()))
                    .isEqualByComparingTo("1.234567890123456789012345678901234567");
            var parkedPrice = messagesOf(report).stream()
                    .filter(m -> m.body().path("orderId").asText().equals(OrderFiles.id(prefix, 2))).findFirst().orElseThrow()
                    .body().path("record").path("items");
            var price = format == Format.CSV ? parkedPrice.asText() : parkedPrice.toString();
            assertThat(price).as("the 30 decimals as written").contains("9.950000000000000000000000000001");
            var emptyName = messagesOf(report).stream()
                    .filter(m -> m.body().path("orderId").asText().equals(OrderFiles.id(prefix, 5))).findFirst().orElseThrow();
            assertThat(emptyName.body().path("reasons").get(0).path("message").asText()).contains("empty name");
        }
    }

    @Test
    void blankCsvLinesAreNotRecordsAndAreCountedAsBlank() {
        var csv = new String(OrderFiles.render(OrderFiles.orders("BLANK", 2, 1), Format.CSV), StandardCharsets.UTF_8);
        var lines = csv.split("\n");
        // an empty line, a line of delimiters only (AWS's reader gives a record of empty cells), CRLF, and a trailing one
        var withBlanks = lines[0] + "\n" + lines[1] + "\n\n,,,,,,,,\n" + lines[2] + "\r\n,,,\n" + lines[3] + "\n,,,,,,,,\n";
        var report = upload(withBlanks.getBytes(StandardCharsets.UTF_8), "incoming/blank-lines.csv");

        assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
        assertThat(report.read()).isEqualTo(3);
        assertThat(report.reconciliation().json().path("counts").path("blank").asLong()).isEqualTo(3);
        assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-BLANK")).isEqualTo(2);
        assertThat(messagesOf(report)).singleElement()
                .satisfies(m -> assertThat(m.reasonCode()).isEqualTo("TOTAL_MISMATCH"));
    }

    @Test
    void aReUploadStoresNothingTwiceAndItsDlqMessagesCarryTheSameRecordIds() {
        var orders = OrderFiles.orders("AGAIN", 2, 2);
        var first = upload(OrderFiles.render(orders, Format.JSONL), "incoming/again.jsonl");
        var second = upload(OrderFiles.render(orders, Format.JSONL), "incoming/again.jsonl");

        for (var report : List.of(first, second)) {
            assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
            assertThat(report.inTable()).isEqualTo(2);
            assertThat(report.inDlq()).isEqualTo(2);
        }
        assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-AGAIN")).isEqualTo(2);
        var firstIds = messagesOf(first).stream().map(PipelineInspector.DlqEntry::recordId).sorted().toList();
        var secondIds = messagesOf(second).stream().map(PipelineInspector.DlqEntry::recordId).sorted().toList();
        assertThat(firstIds).hasSize(2).doesNotContainNull().isEqualTo(secondIds);
    }

    @Test
    void textThatIsNotUtf8FailsTheWholeFileSayingWhereInEveryFormat() {
        for (Format format : Format.values()) {
            var good = OrderFiles.render(OrderFiles.orders("UTF" + format, 2, 0), format);
            var text = new String(good, StandardCharsets.UTF_8);
            int at = text.indexOf("CUST-");
            var bytes = new java.io.ByteArrayOutputStream();
            bytes.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
            bytes.write(0xC3); // a truncated two-byte sequence
            bytes.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
            var report = upload(bytes.toByteArray(), "incoming/not-utf8" + format.suffix);

            assertThat(report.outcome().result().status()).as(format.name()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.fileFailed()).isTrue();
            assertThat(report.conserved()).as(format + ": " + report.notConservedBecause()).isTrue();
            assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-UTF" + format)).isZero();
            assertThat(messagesOf(report)).singleElement().satisfies(m -> {
                assertThat(m.reasonCode()).isEqualTo("FILE_ERROR");
                assertThat(m.body().path("reasons").get(0).path("message").asText()).containsIgnoringCase("UTF-8");
            });
        }
    }

    /** The FILE message's first reason, for a file rejected as a whole. */
    private String fileMessage(FileReport report) {
        var messages = messagesOf(report);
        assertThat(messages).singleElement().satisfies(m -> assertThat(m.kind()).isEqualTo("FILE"));
        return messages.getFirst().body().path("reasons").get(0).path("message").asText();
    }

    @Test
    void aCsvWithCommaAndSpaceBetweenCellsIsRejectedShowingTheSpaces() {
        var csv = new String(OrderFiles.render(OrderFiles.orders("SPACED", 2, 0), Format.CSV), StandardCharsets.UTF_8);
        var report = upload(csv.replace(",", ", ").getBytes(StandardCharsets.UTF_8), "incoming/spaced.csv");

        assertThat(report.outcome().result().error()).isEqualTo("OrderFile.MissingColumns");
        assertThat(fileMessage(report)).contains("its names are 'orderId', ' customerId'")
                .contains("each name after the first starts with a space, so ' customerId' is not 'customerId'")
                .contains("the cells are separated by ', ', a comma and a space");
    }

    @Test
    void aCsvWhoseLinesEndInCrAloneIsRejectedForItsLineEnds() {
        var csv = new String(OrderFiles.render(OrderFiles.orders("CRONLY", 2, 0), Format.CSV), StandardCharsets.UTF_8);
        var report = upload(csv.replace("\r\n", "\n").replace('\n', '\r').getBytes(StandardCharsets.UTF_8),
                "incoming/cr-only.csv");

        assertThat(report.outcome().result().error()).isEqualTo("OrderFile.Unreadable");
        assertThat(fileMessage(report)).contains("lines end in CR alone").contains("LF or CR LF").doesNotContain("twice");
        assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-CRONLY")).isZero();
    }

    @Test
    void utf16WithOrWithoutAByteOrderMarkFailsTheSameClearWayInEveryFormat() {
        for (Format format : Format.values()) {
            var text = new String(OrderFiles.render(OrderFiles.orders("UTF16" + format, 1, 0), format),
                    StandardCharsets.UTF_8);
            var messages = new ArrayList<String>();
            for (var bytes : List.of(text.getBytes(StandardCharsets.UTF_16), text.getBytes(StandardCharsets.UTF_16LE))) {
                var report = upload(bytes, "incoming/utf16" + format.suffix);
                assertThat(report.outcome().result().error()).as(format.name()).isEqualTo("OrderFile.Unreadable");
                assertThat(report.conserved()).isTrue();
                messages.add(fileMessage(report));
            }
            assertThat(messages.get(0)).contains("the file is UTF-16 (big-endian) text, recognised by its byte order"
                    + " mark FE FF").endsWith("save it as UTF-8");
            assertThat(messages.get(1)).contains("the file is UTF-16 (little-endian) text, recognised by NUL bytes")
                    .endsWith("save it as UTF-8");
            assertThat(PipelineTestSupport.countItemsWithPrefix(pipeline, "ORD-UTF16" + format)).isZero();
        }
    }

    @Test
    void amountsInExponentFormGiveTheSameOrderInCsvAndJson() {
        var items = new java.util.TreeMap<String, String>();
        for (Format format : List.of(Format.CSV, Format.JSON)) {
            var order = OrderFiles.valid(OrderFiles.id("EXP" + format, 1), 0);
            var total = order.get("totalAmount").decimalValue();
            var text = new String(OrderFiles.render(List.of(order), format), StandardCharsets.UTF_8);
            String exponent = total.movePointLeft(1).toPlainString() + "E1";
            String written = format == Format.CSV ? text.replace("," + total.toPlainString() + ",", "," + exponent + ",")
                    : text.replace("\"totalAmount\":" + total.toPlainString(), "\"totalAmount\":" + exponent);
            assertThat(written).as("the total is written as " + exponent).contains(exponent);
            var report = upload(written.getBytes(StandardCharsets.UTF_8), "incoming/exponent" + format.suffix);

            assertThat(report.conserved()).isTrue();
            assertThat(report.inTable()).as(format.name()).isEqualTo(1);
            var item = PipelineTestSupport.item(pipeline, OrderFiles.id("EXP" + format, 1));
            items.put(format.name(), item.get("totalAmount").n());
        }
        assertThat(items.get("CSV")).isEqualTo(items.get("JSON"));
    }

    @Test
    void aBadFileUploadedTwiceIsOneRecordInTheDlqListing() {
        byte[] bad = "{\"orders\": \"not an array\"}".getBytes(StandardCharsets.UTF_8);
        var first = upload(bad, "incoming/bad-twice.json");
        var second = upload(bad, "incoming/bad-twice.json");

        var messages = new ArrayList<PipelineInspector.DlqEntry>(messagesOf(first));
        messages.addAll(messagesOf(second));
        assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m.kind()).isEqualTo("FILE"));
        assertThat(messages.get(0).recordId()).matches("[0-9a-f]{64}").isEqualTo(messages.get(1).recordId());
        assertThat(messages.get(0).attributes()).containsEntry("recordId", messages.get(0).recordId());
        var records = io.orderpipeline.local.report.DlqRecord.collapse(messages);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.copies()).isEqualTo(2));
        // other bytes under the same key are another record
        var other = upload("[1".getBytes(StandardCharsets.UTF_8), "incoming/bad-twice.json");
        assertThat(messagesOf(other).getFirst().recordId()).isNotEqualTo(messages.get(0).recordId());
    }
}
