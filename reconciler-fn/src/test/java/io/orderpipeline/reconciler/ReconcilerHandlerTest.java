package io.orderpipeline.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.lambda.context.InvocationContext;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.wire.FileRecords;
import io.orderpipeline.reconciler.aws.ItemReaderRecords;
import io.orderpipeline.reconciler.core.DeadLetters;
import io.orderpipeline.reconciler.core.InMemoryObjectStore;
import io.orderpipeline.reconciler.core.ObjectStore;
import io.orderpipeline.reconciler.core.OrderTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The function as the state machine calls it: the payloads of the ASL's {@code Inspect} and {@code Reconcile} states
 * (the sample events under {@code events/}), the response their {@code ResultSelector}s and the {@code Accounted}
 * choice read, the report in S3 and the metrics document. Core's ports are in memory; the file is split by the real
 * item-reader.
 */
class ReconcilerHandlerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    /** MAX_FILE_BYTES here: the sample files are far under it. */
    static final long MAX_FILE_BYTES = 1_000_000;
    static final ReconcilerConfig CONFIG = new ReconcilerConfig("orders-bucket", "map-results/", "dlq-payloads/",
            "orders", "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq", "OrderPipelineTest",
            MAX_FILE_BYTES);

    final InMemoryObjectStore store = new InMemoryObjectStore();
    final List<DeadLetters.Letter> sent = new ArrayList<>();
    Predicate<DeadLetters.Letter> sendFails = letter -> false;

    final ReconcilerHandler handler = new ReconcilerHandler(CONFIG, new ReconcilerHandler.Ports(store,
            new ItemReaderRecords(store), new ItemReaderRecords(store), this::send, new NoTable()), CLOCK,
            Tracing.lambda());

    private List<DeadLetters.Outcome> send(List<DeadLetters.Letter> letters) {
        return letters.stream().map(letter -> {
            if (sendFails.test(letter)) {
                return new DeadLetters.Outcome(letter.id(), false, false, "SQS QueueDoesNotExist: no queue");
            }
            sent.add(letter);
            return new DeadLetters.Outcome(letter.id(), true, false, null);
        }).toList();
    }

    /** The reconciler never writes to the table in these cases; it holds no order. */
    static final class NoTable implements OrderTable {
        @Override
        public PutOutcome put(JsonNode item) {
            throw new AssertionError("no put expected");
        }

        @Override
        public JsonNode get(String orderId) {
            return null;
        }

        @Override
        public java.util.Map<String, JsonNode> getAll(java.util.Set<String> orderIds) {
            return java.util.Map.of();
        }

        @Override
        public boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) {
            throw new AssertionError("no delete expected");
        }
    }

    static Path projectFile(String relative) {
        Path cwd = Path.of("").toAbsolutePath();
        return Stream.of(cwd, cwd.getParent()).map(dir -> dir.resolve(relative)).filter(Files::isRegularFile)
                .findFirst().orElseThrow(() -> new IllegalStateException(relative + " not found from " + cwd));
    }

    static ObjectNode event(String name) throws IOException {
        return (ObjectNode) Json.read(Files.readString(projectFile("events/" + name)));
    }

    /** What one invocation printed (log lines and EMF documents) and returned. */
    record Invocation(JsonNode response, List<JsonNode> stdout) {
        List<JsonNode> metrics() {
            return stdout.stream().filter(l -> l.path("_aws").has("CloudWatchMetrics")).toList();
        }
    }

    synchronized Invocation invoke(JsonNode payload) throws IOException {
        var output = new ByteArrayOutputStream();
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.write(payload).getBytes(StandardCharsets.UTF_8)),
                    output, new InvocationContext("req-1", "ReconcilerFunction", "1",
                            "arn:aws:lambda:us-east-1:123456789012:function:ReconcilerFunction:live", "/aws/lambda/r",
                            "stream", 1024, InvocationContext.fixed(600_000), System.err));
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        var lines = new ArrayList<JsonNode>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Json.read(line));
            }
        }
        return new Invocation(Json.read(output.toString(StandardCharsets.UTF_8)), lines);
    }

    /** The sample orders at the event's key, and the Map's results at its manifest key: child 0 stored the first. */
    void givenTheSampleFileAndItsMapResults(JsonNode state, boolean failTheRest) throws IOException {
        String key = state.path("key").asText();
        byte[] file = Files.readAllBytes(projectFile("events/orders/sample-orders.json"));
        store.putVersion("orders-bucket", key, state.path("versionId").asText(), file);
        JsonNode orders = Json.read(new String(file, StandardCharsets.UTF_8));
        JsonNode first = orders.get(0);
        String hash = ContentHash.of(((ValidationResult.Valid) new OrderValidator(CLOCK)
                .validate(first, RecordFormat.JSON)).order());

        ObjectNode output = Json.mapper().createObjectNode();
        output.putObject("report").putArray("records").addObject().put("index", 0)
                .put("recordId", FileRecords.orderRecordId(key, hash)).put("outcome", "VALID");
        output.putArray("writes").addObject().put("index", 0).put("outcome", "STORED")
                .put("orderId", first.path("orderId").asText()).put("contentHash", hash);
        output.putArray("sends");
        ArrayNode succeeded = Json.mapper().createArrayNode();
        succeeded.addObject().put("Name", "child-0").put("Status", "SUCCEEDED").put("Input", "{\"Items\":[]}")
                .put("Output", Json.write(output));
        ArrayNode failed = Json.mapper().createArrayNode();
        ObjectNode input = Json.mapper().createObjectNode();
        ArrayNode items = input.putArray("Items");
        for (int i = 1; i < orders.size(); i++) {
            items.addObject().put("index", i).set("record", orders.get(i));
        }
        failed.addObject().put("Name", "child-1").put("Status", "FAILED").put("Input", Json.write(input))
                .put("Error", "Lambda.Unknown").put("Cause", "Task timed out after 60.00 seconds");

        String manifestKey = state.path("mapRun").path("ResultWriterDetails").path("Key").asText();
        String folder = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
        store.put("orders-bucket", folder + "SUCCEEDED_0.json", Json.write(succeeded));
        ObjectNode manifest = Json.mapper().createObjectNode().put("DestinationBucket", "orders-bucket")
                .put("MapRunArn", state.path("mapRun").path("MapRunArn").asText());
        ObjectNode files = manifest.putObject("ResultFiles");
        files.putArray("SUCCEEDED").addObject().put("Key", folder + "SUCCEEDED_0.json").put("Size", 1);
        files.putArray("PENDING");
        ArrayNode failedFiles = files.putArray("FAILED");
        if (failTheRest) {
            store.put("orders-bucket", folder + "FAILED_0.json", Json.write(failed));
            failedFiles.addObject().put("Key", folder + "FAILED_0.json").put("Size", 1);
        }
        store.put("orders-bucket", manifestKey, Json.write(manifest));
    }

    /** The sample upload, stored where the INSPECT event says it is. */
    ObjectNode givenTheInspectedUpload(String key) throws IOException {
        ObjectNode payload = event("reconciler-inspect.json");
        JsonNode source = payload.path("source");
        store.putVersion("orders-bucket", key, source.path("versionId").asText(),
                Files.readAllBytes(projectFile("events/orders/sample-orders.json")));
        return payload;
    }

    @Test
    void inspectAnswersWhatTheInspectStatesResultSelectorReads() throws IOException {
        ObjectNode payload = event("reconciler-inspect.json");
        String key = payload.path("source").path("key").asText();
        givenTheInspectedUpload(key);
        var invocation = invoke(payload);
        var inspection = invocation.response();

        assertThat(inspection.path("key").asText()).isEqualTo(key);
        assertThat(inspection.path("format").asText()).isEqualTo("JSON");
        assertThat(inspection.has("fileError")).isTrue();
        assertThat(inspection.path("fileError").isNull()).isTrue();
        assertThat(invocation.metrics()).as("an accepted file is counted with its reconciliation").isEmpty();
    }

    @Test
    void aFileThatIsNotThereIsNotCountedAsRejectedForTheRollbackAlarm() throws IOException {
        // nothing stored: OrderFile.NotFound says the pipeline could not find what the event named, not a bad file
        var invocation = invoke(event("reconciler-inspect.json"));

        assertThat(invocation.response().path("fileError").path("Error").asText()).isEqualTo("OrderFile.NotFound");
        assertThat(invocation.metrics()).noneMatch(emf -> emf.has(ReconcilerMetrics.FILES_REJECTED));
    }

    @Test
    void inspectRejectsAKeyWithoutAKnownSuffixNamingTheFileError() throws IOException {
        ObjectNode payload = givenTheInspectedUpload("incoming/2026/11/orders.xlsx");
        ((ObjectNode) payload.path("source")).put("key", "incoming/2026/11/orders.xlsx");

        var inspection = invoke(payload).response();

        assertThat(inspection.path("format").isNull()).isTrue();
        assertThat(inspection.path("fileError").path("Error").asText()).isEqualTo("OrderFile.UnsupportedFormat");
        assertThat(inspection.path("fileError").path("Cause").asText()).contains("orders.xlsx");
    }

    @Test
    void aRejectedFileIsCountedSoTheRollbackAlarmCanTellItFromAPipelineFailure() throws IOException {
        ObjectNode payload = givenTheInspectedUpload("incoming/2026/11/orders.xlsx");
        ((ObjectNode) payload.path("source")).put("key", "incoming/2026/11/orders.xlsx");

        var invocation = invoke(payload);

        assertThat(invocation.metrics()).singleElement()
                .satisfies(emf -> assertThat(emf.path(ReconcilerMetrics.FILES_REJECTED).asDouble()).isEqualTo(1));
    }

    @Test
    void aFileOverMaxFileBytesIsTooLargeAndCountedAsRejectedSoACanaryIsNotRolledBackForIt() throws IOException {
        ObjectNode payload = event("reconciler-inspect.json");
        var source = (ObjectNode) payload.path("source");
        byte[] content = ("[" + " ".repeat((int) MAX_FILE_BYTES - 1) + "]").getBytes(StandardCharsets.UTF_8);
        store.putVersion("orders-bucket", source.path("key").asText(), source.path("versionId").asText(), content);
        source.put("size", content.length).put("etag", InMemoryObjectStore.etag(content).replace("\"", ""));

        var invocation = invoke(payload);

        assertThat(invocation.response().path("format").isNull()).isTrue();
        assertThat(invocation.response().path("fileError").path("Error").asText()).isEqualTo("OrderFile.TooLarge");
        assertThat(invocation.response().path("fileError").path("Cause").asText())
                .startsWith("The file is 1,000,001 bytes, over the limit of 1,000,000 bytes (MaxFileBytes)");
        assertThat(invocation.metrics()).singleElement()
                .satisfies(emf -> assertThat(emf.path(ReconcilerMetrics.FILES_REJECTED).asDouble()).isEqualTo(1));
    }

    @Test
    void aFileTheItemReaderCouldNotSplitIsCountedAsRejectedWithItsReconciliation() throws IOException {
        ObjectNode payload = event("reconciler-reconcile.json");
        var state = (ObjectNode) payload.path("state");
        store.putVersion("orders-bucket", state.path("key").asText(), state.path("versionId").asText(),
                "[{\"orderId\": \"ORD-1\",".getBytes(StandardCharsets.UTF_8));
        state.remove("mapRun");
        state.putObject("mapError").put("Error", "States.ItemReaderFailed").put("Cause", "not valid JSON");

        var invocation = invoke(payload);

        assertThat(invocation.response().path("outcome").asText()).isEqualTo("FILE_FAILED");
        assertThat(invocation.response().path("fileError").path("Error").asText()).isEqualTo("OrderFile.Unreadable");
        assertThat(invocation.metrics()).singleElement()
                .satisfies(emf -> assertThat(emf.path(ReconcilerMetrics.FILES_REJECTED).asDouble()).isEqualTo(1));
    }

    @Test
    void reconcileAnswersWhatTheAccountedChoiceReadsAndWritesTheReportWhereTheResponseSays() throws IOException {
        ObjectNode payload = event("reconciler-reconcile.json");
        givenTheSampleFileAndItsMapResults(payload.path("state"), true);
        int orders = Json.read(Files.readString(projectFile("events/orders/sample-orders.json"))).size();

        var invocation = invoke(payload);
        var response = invocation.response();

        assertThat(response.path("outcome").asText()).isEqualTo("CONSERVED");
        assertThat(response.path("counts").path("read").asInt()).isEqualTo(orders);
        assertThat(response.path("counts").path("stored").asInt()).isEqualTo(1);
        assertThat(response.path("counts").path("parked").asInt()).isEqualTo(orders - 1);
        assertThat(response.path("counts").path("unaccounted").asInt()).isZero();
        assertThat(response.path("fileError").isNull()).isTrue();
        assertThat(response.path("summary").asText()).startsWith("incoming/2026/11/sample-orders.json: read " + orders);
        assertThat(response.path("report").path("Bucket").asText()).isEqualTo("orders-bucket");
        assertThat(response.path("report").path("Key").asText())
                .isEqualTo("map-results/6b9f0c52-1d3e-4f7a-8f0e-2a9c7d4e5b61/reconciliation.json");
        JsonNode report = Json.read(store.text("orders-bucket", response.path("report").path("Key").asText()));
        assertThat(report.path("outcome").asText()).isEqualTo("CONSERVED");
        assertThat(report.path("source").path("versionId").asText()).isEqualTo("IYV3p45BT0ac8hjHg1houSdS1a.Mc8cE");
        assertThat(report.path("map").path("childrenFailed").asInt()).isEqualTo(1);
        assertThat(report.has("requests")).isTrue();
        assertThat(sent).hasSize(orders - 1);

        assertThat(invocation.metrics()).singleElement().satisfies(emf -> {
            assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("OrderPipelineTest");
            assertThat(emf.path(ReconcilerMetrics.ORDERS_READ).asDouble()).isEqualTo(orders);
            assertThat(emf.path(ReconcilerMetrics.ORDERS_PARKED_BY_RECONCILER).asDouble()).isEqualTo(orders - 1);
            assertThat(emf.path(ReconcilerMetrics.ORDERS_UNACCOUNTED).asDouble()).isZero();
            assertThat(emf.path(ReconcilerMetrics.ORDERS_ALTERED).asDouble()).isZero();
            assertThat(emf.path(ReconcilerMetrics.FILES_REJECTED).asDouble()).isZero();
        });
    }

    @Test
    void whatCannotBeParkedMakesTheOutcomeUnaccountedAndTheMetricTheAlarmWatches() throws IOException {
        ObjectNode payload = event("reconciler-reconcile.json");
        givenTheSampleFileAndItsMapResults(payload.path("state"), true);
        sendFails = letter -> letter.id().equals("3");

        var invocation = invoke(payload);

        assertThat(invocation.response().path("outcome").asText()).isEqualTo("UNACCOUNTED");
        assertThat(invocation.response().path("counts").path("unaccounted").asInt()).isEqualTo(1);
        assertThat(invocation.response().path("summary").asText()).contains("first unaccounted: #3")
                .contains("QueueDoesNotExist");
        assertThat(invocation.metrics()).singleElement()
                .satisfies(emf -> assertThat(emf.path(ReconcilerMetrics.ORDERS_UNACCOUNTED).asDouble()).isEqualTo(1));
    }

    @Test
    void recordsAManifestDoesNotCoverAreParkedAsNotReportedAndTheOutcomeStaysConserved() throws IOException {
        ObjectNode payload = event("reconciler-reconcile.json");
        givenTheSampleFileAndItsMapResults(payload.path("state"), false);

        var response = invoke(payload).response();

        assertThat(response.path("outcome").asText()).isEqualTo("CONSERVED");
        assertThat(response.path("counts").path("stored").asInt()).isEqualTo(1);
        assertThat(sent).allSatisfy(letter -> assertThat(Json.read(letter.body()).path("stage").asText())
                .isEqualTo("RECONCILIATION"));
        assertThat(sent).anySatisfy(letter -> assertThat(Json.read(letter.body()).at("/reasons/0/message").asText())
                .isEqualTo("not stored: no child reported it"));
    }

    @Test
    void anS3ErrorIsAFileErrorInOneSentenceWhileItsStackTraceStaysInTheFunctionLog() throws IOException {
        // no manifest where the event says: the ResultWriter's file cannot be read
        store.put("orders-bucket", "incoming/2026/11/sample-orders.json", "[]");

        var invocation = invoke(event("reconciler-reconcile.json"));
        var response = invocation.response();

        assertThat(response.path("outcome").asText()).isEqualTo("NOT_RECONCILED");
        assertThat(response.at("/fileError/Error").asText()).isEqualTo("OrderFile.NotReconciled");
        assertThat(response.at("/fileError/Cause").asText()).contains("could not read the Map's results")
                .contains("manifest.json").doesNotContain("\tat ").doesNotContain("stackTrace");
        assertThat(response.has("report")).isTrue();
    }

    @Test
    void aFailureThatLeavesNoReportIsAFileErrorTooAndTheLogHasTheStackTrace() throws IOException {
        ObjectNode payload = event("reconciler-inspect.json");
        ObjectStore unavailable = new ObjectStore() {
            @Override
            public java.io.InputStream open(String bucket, String key, String versionId) throws IOException {
                return store.open(bucket, key, versionId);
            }

            @Override
            public java.util.Optional<ObjectVersion> describe(String bucket, String key, String versionId)
                    throws IOException {
                throw new IOException("cannot describe s3://orders-bucket/" + key + ": Service Unavailable");
            }

            @Override
            public byte[] firstBytes(String bucket, String key, String versionId, int count) throws IOException {
                return store.firstBytes(bucket, key, versionId, count);
            }

            @Override
            public List<String> list(String bucket, String prefix) {
                return store.list(bucket, prefix);
            }

            @Override
            public void put(String bucket, String key, byte[] content, String contentType) {
                store.put(bucket, key, content, contentType);
            }
        };
        var failing = new ReconcilerHandler(CONFIG, new ReconcilerHandler.Ports(unavailable,
                new ItemReaderRecords(store), new ItemReaderRecords(store), this::send, new NoTable()), CLOCK,
                Tracing.lambda());
        var output = new ByteArrayOutputStream();
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            failing.handleRequest(new ByteArrayInputStream(Json.write(payload).getBytes(StandardCharsets.UTF_8)),
                    output, new InvocationContext("req-2", "ReconcilerFunction", "1",
                            "arn:aws:lambda:us-east-1:123456789012:function:ReconcilerFunction:live", "/aws/lambda/r",
                            "stream", 1024, InvocationContext.fixed(600_000), System.err));
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        var response = Json.read(output.toString(StandardCharsets.UTF_8));

        assertThat(response.path("format").isNull()).isTrue();
        assertThat(response.path("key").asText()).isEqualTo(payload.at("/source/key").asText());
        assertThat(response.at("/fileError/Error").asText()).isEqualTo("OrderFile.NotInspected");
        assertThat(response.at("/fileError/Cause").asText()).isEqualTo("The reconciler could not inspect the file:"
                + " cannot describe s3://orders-bucket/incoming/2026/11/sample-orders.json: Service Unavailable");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("inspection failed")
                .contains("Service Unavailable").contains("at io.orderpipeline.reconciler");
    }

    @Test
    void aPayloadThatIsNeitherActionIsRefusedNamingBoth() {
        assertThatThrownBy(() -> invoke(Json.mapper().createObjectNode().put("action", "PURGE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INSPECT or RECONCILE");
    }
}
