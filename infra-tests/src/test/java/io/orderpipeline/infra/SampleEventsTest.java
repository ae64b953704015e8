package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.reconciler.Request;
import io.orderpipeline.reconciler.core.Reconciler;
import io.orderpipeline.items.CsvDelimiter;
import io.orderpipeline.items.Item;
import io.orderpipeline.items.ItemStream;
import io.orderpipeline.items.ReaderSpec;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** The files under events/ have the shapes the docs, the data contracts and the local pipeline rely on. */
class SampleEventsTest {

    private static final List<String> CSV_HEADER = List.of("orderId", "customerId", "orderDate", "currency", "items",
            "totalAmount", "channel", "shippingAddress", "attributes");
    /** Codes the validator can give one record (data-contracts / ReasonCode); the rest are pipeline-level. */
    private static final Set<String> RECORD_REASONS = Set.of("MALFORMED_RECORD", "RECORD_TOO_LARGE", "MISSING_FIELD",
            "INVALID_ORDER_ID", "INVALID_CUSTOMER_ID", "INVALID_DATE", "FUTURE_DATE", "INVALID_CURRENCY", "NO_ITEMS",
            "TOO_MANY_ITEMS", "INVALID_SKU", "DUPLICATE_SKU", "INVALID_QUANTITY", "NEGATIVE_PRICE", "INVALID_AMOUNT",
            "TOTAL_MISMATCH");

    private static JsonNode json(String relative) throws IOException {
        return AslDefinition.JSON.readTree(Files.readString(ProjectFiles.resolve(relative)));
    }

    private static List<String> ids(JsonNode orders) {
        var ids = new ArrayList<String>();
        orders.forEach(o -> ids.add(o.path("orderId").asText(null)));
        return ids;
    }

    /** CSV rows as Step Functions' ItemReader splits them (AWS's CSV rules, stated once in item-reader). */
    private static List<JsonNode> csvRows(String relative) throws IOException {
        try (var items = ItemStream.open(Files.newInputStream(ProjectFiles.resolve(relative)),
                ReaderSpec.csvWithHeaderRow(CsvDelimiter.COMMA))) {
            return items.stream().map(Item::value).toList();
        }
    }

    private static List<List<String>> csvCells(String relative) throws IOException {
        var mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows = mapper.readerFor(List.class)
                .readValues(ProjectFiles.resolve(relative).toFile())) {
            return rows.readAll();
        }
    }

    @Test
    void objectCreatedEventHasTheFieldsS3SendsAndAKeyTheRuleForwards() throws IOException {
        var event = json("events/s3-object-created.json");
        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("source").asText()).isEqualTo("aws.s3");
        assertThat(event.path("detail-type").asText()).isEqualTo("Object Created");
        var detail = event.path("detail");
        assertThat(detail.path("bucket").path("name").asText()).isNotBlank();
        assertThat(detail.path("object").path("key").asText()).startsWith("incoming/").endsWith(".json");
        for (var field : List.of("size", "etag", "version-id", "sequencer")) {
            assertThat(detail.path("object").has(field)).as("detail.object.%s", field).isTrue();
        }
        for (var field : List.of("request-id", "requester", "reason")) {
            assertThat(detail.has(field)).as("detail.%s", field).isTrue();
        }
        assertThat(detail.path("reason").asText()).isEqualTo("PutObject");
        assertThat(event.path("resources").get(0).asText()).isEqualTo("arn:aws:s3:::" + detail.path("bucket").path("name").asText());
    }

    @Test
    void validatorBatchHasTheItemBatcherShape() throws IOException {
        var batch = json("events/validator-batch.json");
        assertThat(batch.path("Items").isArray()).isTrue();
        assertThat(batch.path("Items").size()).isGreaterThanOrEqualTo(2);
        var keys = new HashSet<String>();
        batch.path("BatchInput").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("bucket", "key", "versionId", "format", "executionId");
        assertThat(batch.path("BatchInput").path("format").asText()).isIn("JSON", "JSONL", "CSV");
        assertThat(batch.path("BatchInput").path("executionId").asText()).startsWith("arn:aws:states:");
        // every item is {index, record} as the Map's ItemSelector makes it (data-contracts.md §2)
        var records = AslDefinition.JSON.createArrayNode();
        int expected = 0;
        for (var item : batch.path("Items")) {
            assertThat(item.path("index").asInt(-1)).isEqualTo(expected++);
            records.add(item.path("record"));
        }
        // valid and invalid orders side by side, so a local invoke shows both outputs
        assertThat(ids(records)).anyMatch(id -> id.startsWith("ORD-INVALID-")).anyMatch(id -> id.startsWith("ORD-2026-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"events/redrive-all.json", "events/redrive-dry-run.json", "events/redrive-by-reason.json"})
    void redriveRequestsFollowTheRequestShape(String file) throws IOException {
        var request = json(file);
        var keys = new HashSet<String>();
        request.fieldNames().forEachRemaining(keys::add);
        assertThat(Set.of("maxMessages", "dryRun", "reasonCode", "sourceKeyPrefix", "timeBudgetSeconds")).containsAll(keys);
        assertThat(request.path("maxMessages").asInt()).isBetween(1, 1000);
        assertThat(request.path("dryRun").isBoolean()).isTrue();
        if (request.has("reasonCode")) {
            assertThat(request.path("reasonCode").asText()).isIn(RECORD_REASONS);
        }
        if (request.has("sourceKeyPrefix")) {
            assertThat(request.path("sourceKeyPrefix").asText()).startsWith("incoming/");
        }
    }

    /** The definition as deployed for the sample S3 event's bucket, with the sample reconcile event's limits. */
    private static AslDefinition deployedDefinition() throws IOException {
        var limits = json("events/reconciler-reconcile.json").path("state").path("limits");
        var values = new java.util.HashMap<String, String>();
        AslDefinition.load().placeholders().forEach(name -> values.put(name, "sample-" + name));
        values.put("OrdersBucketName", json("events/s3-object-created.json").at("/detail/bucket/name").asText());
        values.put("MaxItemsPerBatch", limits.path("maxItemsPerBatch").asText());
        values.put("MaxInputBytesPerBatch", limits.path("maxInputBytesPerBatch").asText());
        values.put("MaxConcurrency", limits.path("maxConcurrency").asText());
        var file = java.nio.file.Files.createTempFile("order-pipeline", ".asl.json");
        try {
            Files.writeString(file, AslDefinition.load().substituted(values));
            return AslDefinition.load(file);
        } finally {
            Files.delete(file);
        }
    }

    /** The reconciler task whose payload names this action. */
    private static AslDefinition.State reconcilerTask(AslDefinition asl, String action) {
        return asl.statesOfType("Task").stream()
                .filter(s -> s.body().at("/Parameters/Payload/action").asText().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no Task sends action " + action));
    }

    /**
     * The execution's state after INSPECT answered {@code inspection}: the S3 event with the task's result at the Inspect
     * task's ResultPath, passed through the state INSPECT goes to (DescribeSource, which keeps the key INSPECT found).
     */
    private static JsonNode stateAfterInspect(AslDefinition asl, String executionId, JsonNode inspection)
            throws IOException {
        var inspect = reconcilerTask(asl, "INSPECT");
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) json("events/s3-object-created.json");
        assertThat(inspect.body().path("ResultPath").asText()).isEqualTo("$.inspection");
        event.set("inspection", inspection);
        var next = asl.state(inspect.body().path("Next").asText());
        return AslDefinition.evaluate(next.body().path("Parameters"), event, context(executionId), Map.of(),
                next.name());
    }

    private static JsonNode context(String executionId) {
        var context = AslDefinition.JSON.createObjectNode();
        context.putObject("Execution").put("Id", executionId)
                .put("Name", executionId.substring(executionId.lastIndexOf(':') + 1));
        return context;
    }

    @Test
    void reconcilerInspectEventIsWhatTheInspectTaskSendsForTheSampleUploadAndParses() throws IOException {
        var event = json("events/reconciler-inspect.json");
        var asl = deployedDefinition();
        // INSPECT is the first task: it reads the S3 event itself (the key as the event spells it)
        assertThat(asl.state("IsFolder").body().path("Default").asText()).isEqualTo(reconcilerTask(asl, "INSPECT").name());

        var payload = AslDefinition.evaluate(reconcilerTask(asl, "INSPECT").body().at("/Parameters/Payload"),
                json("events/s3-object-created.json"), context(event.path("executionId").asText()), Map.of(),
                "Inspect");

        assertThat(event).isEqualTo(payload);
        assertThat(Request.parse(event)).isInstanceOfSatisfying(Request.Inspect.class, inspect -> {
            assertThat(inspect.bucket()).isEqualTo("orders-bucket");
            assertThat(inspect.key()).startsWith("incoming/").endsWith(".json");
            assertThat(inspect.versionId()).isNotBlank();
            assertThat(inspect.executionId()).startsWith("arn:aws:states:");
        });
    }

    @Test
    void reconcilerReconcileEventIsTheStateAfterASucceededMapAndParses() throws IOException {
        var event = json("events/reconciler-reconcile.json");
        var asl = deployedDefinition();
        String executionId = event.at("/state/executionId").asText();
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) stateAfterInspect(asl, executionId,
                event.at("/state/inspection"));
        state.set("mapRun", event.at("/state/mapRun"));

        var reconcile = reconcilerTask(asl, "RECONCILE");
        var payload = AslDefinition.evaluate(reconcile.body().at("/Parameters/Payload"), state, context(executionId),
                Map.of(), reconcile.name());

        assertThat(event).isEqualTo(payload);
        // what the Inspect task's ResultSelector keeps, and where a Map's ResultWriter puts its manifest
        var selector = new java.util.TreeSet<String>();
        reconcilerTask(asl, "INSPECT").body().path("ResultSelector").fieldNames()
                .forEachRemaining(name -> selector.add(name.replace(".$", "")));
        var inspection = new java.util.TreeSet<String>();
        event.at("/state/inspection").fieldNames().forEachRemaining(inspection::add);
        assertThat(inspection).isEqualTo(selector);
        var writers = asl.statesOfType("Map").stream().filter(m -> m.body().has("ResultWriter")).toList();
        assertThat(writers).isNotEmpty().allSatisfy(map -> {
            var location = AslDefinition.evaluate(map.body().at("/ResultWriter/Parameters"), state,
                    context(executionId), Map.of(), map.name());
            assertThat(event.at("/state/mapRun/ResultWriterDetails/Bucket").asText())
                    .isEqualTo(location.path("Bucket").asText());
            assertThat(event.at("/state/mapRun/ResultWriterDetails/Key").asText())
                    .startsWith(location.path("Prefix").asText() + "/").endsWith("/manifest.json");
        });
        assertThat(Request.parse(event)).isInstanceOfSatisfying(Request.Reconcile.class, reconcileRequest -> {
            assertThat(reconcileRequest.file().key()).isEqualTo(event.at("/state/key").asText());
            assertThat(reconcileRequest.executionId()).isEqualTo(executionId);
            assertThat(reconcileRequest.map()).isEqualTo(new Reconciler.MapOutcome.Succeeded(
                    event.at("/state/mapRun/ResultWriterDetails/Bucket").asText(),
                    event.at("/state/mapRun/ResultWriterDetails/Key").asText()));
        });
    }

    @Test
    void dryRunEventDoesNotMoveAnything() throws IOException {
        assertThat(json("events/redrive-dry-run.json").path("dryRun").asBoolean()).isTrue();
        assertThat(json("events/redrive-all.json").path("dryRun").asBoolean()).isFalse();
    }

    @Test
    void sampleOrdersAreTheSameOrdersInAllThreeFormats() throws IOException {
        var fromJson = json("events/orders/sample-orders.json");
        assertThat(fromJson.size()).isBetween(15, 30);
        var expectedIds = ids(fromJson);
        assertThat(expectedIds).doesNotHaveDuplicates().doesNotContainNull();

        var lines = Files.readAllLines(ProjectFiles.resolve("events/orders/sample-orders.jsonl"));
        var fromJsonl = AslDefinition.JSON.createArrayNode();
        for (var line : lines) {
            fromJsonl.add(AslDefinition.JSON.readTree(line));
        }
        assertThat(fromJsonl).isEqualTo(fromJson);

        var rows = csvRows("events/orders/sample-orders.csv");
        assertThat(ids(AslDefinition.JSON.valueToTree(rows))).isEqualTo(expectedIds);
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            var order = fromJson.get(i);
            // JSON held in quoted cells reads back to the same values (quotes and commas inside survive).
            assertThat(AslDefinition.JSON.readTree(row.path("items").asText())).isEqualTo(order.path("items"));
            if (order.has("shippingAddress")) {
                assertThat(AslDefinition.JSON.readTree(row.path("shippingAddress").asText())).isEqualTo(order.path("shippingAddress"));
            }
            assertThat(row.path("attributes").asText().isEmpty()).isEqualTo(!order.has("attributes"));
        }
    }

    @Test
    void csvFilesHaveTheDocumentedHeaderAndNineCellsPerRow() throws IOException {
        var cells = csvCells("events/orders/sample-orders.csv");
        assertThat(cells.getFirst()).isEqualTo(CSV_HEADER);
        assertThat(cells).allSatisfy(row -> assertThat(row).hasSize(CSV_HEADER.size()));
        // JSON with escaped quotes in a quoted cell, written the way AWS's CSV reader needs it: \\ for the JSON
        // backslash, "" for each quote (https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html)
        assertThat(Files.readString(ProjectFiles.resolve("events/orders/sample-orders.csv")))
                .contains("Flat 2, \\\\\"\"The Old Mill\\\\\"\"");
        assertThat(csvRows("events/orders/sample-orders.csv")).anySatisfy(row ->
                assertThat(row.path("shippingAddress").asText()).contains("\"Flat 2, \\\"The Old Mill\\\"\""));

        var noHeader = csvCells("events/orders/no-header.csv");
        assertThat(noHeader.getFirst()).isNotEqualTo(CSV_HEADER);
        assertThat(noHeader.getFirst().getFirst()).startsWith("ORD-");
        assertThat(noHeader).allSatisfy(row -> assertThat(row).hasSize(CSV_HEADER.size()));
    }

    @Test
    void sampleOrdersAreMostlyValidWithAFewDifferentProblems() throws IOException {
        var orders = json("events/orders/sample-orders.json");
        int suspicious = 0;
        for (var order : orders) {
            var problems = obviousProblems(order);
            suspicious += problems.isEmpty() ? 0 : 1;
        }
        assertThat(suspicious).isBetween(3, orders.size() / 3);
    }

    /** A few checks anyone can do by eye; the validator's rules are far richer. */
    private static List<String> obviousProblems(JsonNode order) {
        var problems = new ArrayList<String>();
        if (!order.has("customerId")) {
            problems.add("no customerId");
        }
        if (!order.path("currency").asText().matches("[A-Z]{3}")) {
            problems.add("currency");
        }
        var sum = java.math.BigDecimal.ZERO;
        for (var item : order.path("items")) {
            if (item.path("quantity").asInt() <= 0) {
                problems.add("quantity");
            }
            sum = sum.add(item.path("unitPrice").decimalValue().multiply(item.path("quantity").decimalValue()));
        }
        if (sum.compareTo(order.path("totalAmount").decimalValue()) != 0) {
            problems.add("total");
        }
        if (parseDate(order.path("orderDate").asText()) == null) {
            problems.add("date");
        }
        return problems;
    }

    private static Instant parseDate(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"events/orders/sample-orders.json", "events/orders/valid-orders.json"})
    void orderDatesThatParseAreInThePast(String file) throws IOException {
        for (var order : json(file)) {
            var date = parseDate(order.path("orderDate").asText());
            if (date != null) {
                assertThat(date).as(order.path("orderId").asText()).isBefore(Instant.now())
                        .isAfter(Instant.parse("2025-01-01T00:00:00Z"));
            }
        }
    }

    @Test
    void validOrdersPassTheObviousChecks() throws IOException {
        var orders = json("events/orders/valid-orders.json");
        assertThat(orders.size()).isGreaterThanOrEqualTo(3);
        for (var order : orders) {
            assertThat(obviousProblems(order)).as(order.path("orderId").asText()).isEmpty();
        }
    }

    @Test
    void invalidOrdersCoverEveryRecordLevelReasonOnce() throws IOException {
        var orders = json("events/orders/invalid-orders.json");
        var covered = new ArrayList<String>();
        for (var order : orders) {
            // Each id ends with the reason it is built to trigger ("ORD-INVALID-TOTAL_MISMATCH").
            var m = java.util.regex.Pattern.compile("[A-Z_]+$").matcher(order.path("orderId").asText());
            assertThat(m.find()).as(order.toString()).isTrue();
            covered.add(m.group());
        }
        assertThat(covered).doesNotHaveDuplicates();
        // RECORD_TOO_LARGE needs a record over 64 KiB, which no default-sized batch can carry: left out on purpose.
        var expected = new HashSet<>(RECORD_REASONS);
        expected.remove("RECORD_TOO_LARGE");
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void malformedFileIsNotAJsonArray() {
        assertThatThrownBy(() -> json("events/orders/malformed.json")).isInstanceOf(IOException.class);
    }
}
