package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.cfn.Template;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.report.FileReport;
import io.orderpipeline.local.template.ProjectFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #12 §4: the batch-size bounds from a measured worst case. The pipeline runs with the largest
 * {@code MaxItemsPerBatch} and {@code MaxInputBytesPerBatch} the template allows and a key of S3's maximum length (it
 * is in every item), on the worst batches orders can make; the local executor enforces every payload limit AWS
 * documents (a payload over 256 KiB fails its state with {@code States.DataLimitExceeded}), and this test measures
 * what travels on each batch's path: the validator's result, each put's item, each DLQ message, each child's output.
 * Orders shaped by the contract never defer; content built to expand (numbers in free-form arrays, invalid records
 * with many reasons) is deferred by the validator and finished by the reconciler — nothing fails for its size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchBoundsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Step Functions' payload quota and SQS's message limit, both 262,144 bytes. */
    private static final int LIMIT = 262_144;

    private LocalEnvironment environment;
    private LocalPipeline pipeline;
    private int maxItems;
    private int maxBytes;
    /** The largest size seen per measured payload, in the current run. */
    private final Map<String, Integer> largest = new ConcurrentHashMap<>();
    /** The largest sizes of every run, by run: what docs and template.yaml quote. */
    private final Map<String, Map<String, Integer>> measured = new java.util.TreeMap<>();

    @BeforeAll
    void start() throws IOException {
        var template = Template.load(ProjectFiles.home().resolve("template.yaml"));
        maxItems = ((Number) template.parameters().get("MaxItemsPerBatch").declaration().get("MaxValue")).intValue();
        maxBytes = ((Number) template.parameters().get("MaxInputBytesPerBatch").declaration().get("MaxValue")).intValue();
        environment = LocalEnvironment.startOwn();
        pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options()
                .withParameters(Map.of("MaxItemsPerBatch", Integer.toString(maxItems),
                        "MaxInputBytesPerBatch", Integer.toString(maxBytes)))
                .withIntegrations(measured()));
    }

    @AfterAll
    void stop() {
        pipeline.close();
        environment.close();
        System.out.printf(Locale.ROOT, "BatchBoundsIT: MaxItemsPerBatch %d, MaxInputBytesPerBatch %d; largest payloads:%n",
                maxItems, maxBytes);
        measured.forEach((run, sizes) -> System.out.printf(Locale.ROOT, "  %-22s %s%n", run, sizes));
    }

    /** Records the size of what each integration is given and returns. */
    private UnaryOperator<Function<String, TaskIntegration>> measured() {
        return real -> name -> {
            var integration = real.apply(name);
            if (integration == null) {
                return null;
            }
            return (resource, parameters, context) -> {
                var result = integration.invoke(resource, parameters, context);
                switch (resource) {
                    case "arn:aws:states:::lambda:invoke" -> {
                        var function = parameters.path("FunctionName").asText();
                        note((function.contains("Validator") ? "validator" : "reconciler") + " result", result);
                    }
                    case "arn:aws:states:::dynamodb:putItem" -> note("put item", parameters.path("Item"));
                    case "arn:aws:states:::sqs:sendMessage" -> note("DLQ message body",
                            parameters.path("MessageBody").isTextual()
                                    ? JSON.getNodeFactory().textNode(parameters.path("MessageBody").asText())
                                    : parameters.path("MessageBody"));
                    default -> { }
                }
                return result;
            };
        };
    }

    private void note(String what, JsonNode value) {
        int size = value.isTextual() ? value.asText().getBytes(StandardCharsets.UTF_8).length
                : value.toString().getBytes(StandardCharsets.UTF_8).length;
        largest.merge(what, size, Math::max);
    }

    /** A key of S3's maximum length, 1,024 bytes: every item carries it. */
    private static String longKey(String name, Format format) {
        var key = new StringBuilder("incoming/");
        while (key.length() < 1_024 - name.length() - format.suffix.length() - 1) {
            key.append("deep-folder-name/");
        }
        key.setLength(1_024 - name.length() - format.suffix.length() - 1);
        return key.append('/').append(name).append(format.suffix).toString();
    }

    private FileReport run(List<ObjectNode> orders, Format format, String name) throws IOException {
        largest.clear();
        var report = pipeline.report(pipeline.upload(OrderFiles.render(orders, format), longKey(name, format)));
        assertThat(report.conserved()).as(name + ": " + report.notConservedBecause()).isTrue();
        assertThat(report.unaccounted()).isZero();
        assertThat(report.altered()).isZero();
        assertThat(report.read()).isEqualTo(orders.size());
        var map = report.reconciliation().json().path("map");
        assertThat(map.path("childrenFailed").asInt()).as(name + ": no child fails for its size").isZero();
        noteChildOutputs(map);
        assertThat(largest).containsKeys("validator result", "reconciler result", "child output");
        measured.put(name + " " + format, new java.util.TreeMap<>(largest));
        assertThat(largest).allSatisfy((what, size) -> assertThat(size).as(name + " " + format + ": " + what)
                .isLessThan(LIMIT));
        return report;
    }

    /** Each child's output, from the ResultWriter's files. */
    private void noteChildOutputs(JsonNode map) throws IOException {
        var s3 = environment.clients().s3();
        for (var manifestKey : map.path("manifests")) {
            var manifest = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(pipeline.bucket())
                    .key(manifestKey.asText())).asByteArray());
            for (var file : manifest.path("ResultFiles").path("SUCCEEDED")) {
                var children = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(pipeline.bucket())
                        .key(file.path("Key").asText())).asByteArray());
                for (var child : children) {
                    largest.merge("child output", child.path("Output").asText().getBytes(StandardCharsets.UTF_8).length,
                            Math::max);
                }
            }
        }
    }

    private static long deferred(FileReport report) {
        var counts = report.reconciliation().json().path("counts");
        return counts.path("storedByReconciler").asLong() + counts.path("parkedByReconciler").asLong();
    }

    /** The smallest valid order: the batch is full by count, so per-order overhead weighs most. */
    private static ObjectNode smallest(String id) {
        var order = JSON.createObjectNode();
        order.put("orderId", id).put("customerId", "C").put("orderDate", "2026-11-20").put("currency", "JPY");
        order.putArray("items").addObject().put("sku", "S").put("quantity", 1).put("unitPrice", 1);
        order.put("totalAmount", 1);
        return order;
    }

    /** An order of 100 lines with one-character SKUs: the densest attribute-value expansion the contract allows. */
    private static ObjectNode hundredLines(String id) {
        var order = smallest(id);
        var items = order.putArray("items");
        for (int i = 0; i < 100; i++) {
            items.addObject().put("sku", Integer.toString(i, 36)).put("quantity", 1).put("unitPrice", 1);
        }
        order.put("totalAmount", 100);
        return order;
    }

    @Test
    void validOrdersShapedByTheContractNeverDeferInTheLargestBatchesTheTemplateAllows() throws IOException {
        for (var format : Format.values()) {
            var small = new ArrayList<ObjectNode>();
            for (int i = 0; i < 3 * maxItems; i++) {
                small.add(smallest(OrderFiles.id("SMALL" + format, i)));
            }
            assertThat(deferred(run(small, format, "smallest"))).as("smallest " + format).isZero();

            var lines = new ArrayList<ObjectNode>();
            for (int i = 0; i < 60; i++) {
                lines.add(hundredLines(OrderFiles.id("LINES" + format, i)));
            }
            assertThat(deferred(run(lines, format, "hundred-lines"))).as("hundred lines " + format).isZero();

            var sampleLike = OrderFiles.orders("SAMPLE" + format, 3 * maxItems, 0);
            var report = run(sampleLike, format, "sample-like");
            assertThat(deferred(report)).as("sample-like orders " + format).isZero();
            assertThat(report.inTable()).isEqualTo(3L * maxItems);
        }
    }

    @Test
    void invalidOrdersEndInTheDlqWhateverTheirShareOfTheBatch() throws IOException {
        // each DLQ body carries the record, its reasons and the 1,024-byte key: a full batch of them may not fit the
        // validator's output, and what does not is parked by the reconciler with the same content
        var mixed = OrderFiles.orders("MIXED", 2 * maxItems, 2 * maxItems);
        var report = run(mixed, Format.JSONL, "mixed");
        assertThat(report.inTable()).isEqualTo(2L * maxItems);
        assertThat(report.inDlq()).isEqualTo(2L * maxItems);
        assertThat(report.reconciliation().json().path("counts").path("storedByReconciler").asLong()).isZero();
    }

    @Test
    void contentBuiltToExpandIsDeferredAndFinishedByTheReconcilerNeverFailedForItsSize() throws IOException {
        // free-form arrays of small numbers: each "0," becomes {"N":"0"}, five times its size
        var numbers = new ArrayList<ObjectNode>();
        for (int i = 0; i < 40; i++) {
            var order = smallest(OrderFiles.id("NUMBERS", i));
            var values = order.putObject("attributes").putArray("n");
            for (int v = 0; v < 1_500; v++) {
                values.add(0);
            }
            numbers.add(order);
        }
        var report = run(numbers, Format.JSONL, "numbers");
        assertThat(report.inTable()).isEqualTo(numbers.size());
        assertThat(report.reconciliation().json().path("counts").path("storedByReconciler").asLong())
                .as("deferred with BATCH_OUTPUT_FULL and stored by the reconciler").isPositive();

        // invalid records with twenty reasons each: their DLQ bodies are many times their size
        var broken = new ArrayList<ObjectNode>();
        for (int i = 0; i < 2 * maxItems; i++) {
            var order = JSON.createObjectNode();
            order.put("orderId", OrderFiles.id("BROKEN", i)).put("customerId", "").put("orderDate", "2026-13-45")
                    .put("currency", "EURO");
            var items = order.putArray("items");
            for (int l = 0; l < 20; l++) {
                items.addObject().put("sku", "-").put("quantity", 0).put("unitPrice", new BigDecimal("-1.001"));
            }
            order.put("totalAmount", "x");
            broken.add(order);
        }
        var parked = run(broken, Format.JSON, "broken");
        assertThat(parked.inDlq()).isEqualTo(broken.size());
        assertThat(parked.reconciliation().json().path("counts").path("parkedByReconciler").asLong())
                .as("deferred with BATCH_OUTPUT_FULL and parked by the reconciler").isPositive();
    }
}
