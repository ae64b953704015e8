package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.FunctionRegistry;
import io.orderpipeline.local.lambda.InvocationResult;
import io.orderpipeline.local.template.FunctionSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.orderpipeline.local.PipelineTestSupport.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance criteria for the DLQ redrive, end to end: fill the DLQ through the real pipeline, fix the
 * cause, redrive with the real {@code RedriveFunction} (in-process, the template's environment, the same queue and
 * table), and check that every order of a file is in exactly one place — the table or the DLQ — and that a second
 * redrive changes nothing. Each test uses its own order id prefix and S3 key prefix and redrives only its key prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedriveIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void afterAValidatorOutageTheRedriveStoresTheValidOrdersAndKeepsTheInvalidOnesOnce() {
        var prefix = "OUTAGE";
        var keyPrefix = "incoming/redrive-outage/";
        var key = keyPrefix + "orders.jsonl";
        var orders = OrderFiles.orders(prefix, 8, 3);
        var fileIds = ids(orders);
        var valid = ids(orders.subList(0, 8));
        var invalid = ids(orders.subList(8, 11));

        var outcome = uploadWithBrokenValidator(OrderFiles.render(orders, Format.JSONL), key);

        assertThat(outcome.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(table(prefix)).as("nothing stored while the validator is down").isEmpty();
        var parked = dlq(keyPrefix);
        assertThat(orderIds(parked)).containsExactlyInAnyOrderElementsOf(fileIds);
        // the failed child's records are parked by the reconciler from the file (issue #11): the valid ones naming
        // the child's error, the invalid ones with their own reasons
        assertThat(parked).allSatisfy(m -> {
            assertThat(m.attribute("reasonCode")).isEqualTo(invalid.contains(m.body().get("orderId").asText())
                    ? "TOTAL_MISMATCH" : "PROCESSING_ERROR");
            assertThat(m.body().get("stage").asText()).isEqualTo("RECONCILIATION");
            assertThat(m.attribute("redriveAttempts")).isNull();
        });

        var first = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(first.get("dryRun").asBoolean()).isFalse();
        assertThat(handled(first)).isEqualTo(11);
        assertThat(first.get("redriven").asInt()).isEqualTo(8);
        assertThat(first.get("alreadyPresent").asInt()).isZero();
        assertThat(first.at("/stillInvalid/total").asInt()).isEqualTo(3);
        assertThat(first.at("/stillInvalid/byReason")).isEqualTo(JSON.createObjectNode().put("TOTAL_MISMATCH", 3));
        assertThat(countersOf(first, "conflicts", "parked", "skipped", "duplicates", "errors")).containsOnly(0);

        var stored = table(prefix);
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(valid);
        for (var order : orders.subList(0, 8)) {
            var item = stored.get(order.get("orderId").asText());
            assertSameOrder(item, order);
            assertThat(item.get("sourceKey").s()).isEqualTo(key);
            assertThat(item.get("sourceVersion").s()).isEqualTo(outcome.versionId());
            assertThat(item.get("executionId").s()).isEqualTo(outcome.executionArn());
        }
        var stillInvalid = dlq(keyPrefix);
        assertThat(orderIds(stillInvalid)).containsExactlyInAnyOrderElementsOf(invalid);
        assertThat(stillInvalid).allSatisfy(m -> {
            assertThat(m.attribute("reasonCode")).isEqualTo("TOTAL_MISMATCH");
            assertThat(m.body().at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH");
            assertThat(m.attribute("redriveAttempts")).isEqualTo("1");
            assertThat(m.attribute("sourceKey")).isEqualTo(key);
        });
        assertConserved(fileIds, stored, stillInvalid);
        var lineages = stillInvalid.stream().map(m -> m.attribute("lineageId")).collect(Collectors.toSet());
        assertThat(lineages).as("each copy's lineage is the state machine's message it replaces").isEqualTo(
                parked.stream().filter(m -> invalid.contains(m.orderId())).map(DlqMessage::messageId).collect(Collectors.toSet()));

        var second = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(handled(second)).isEqualTo(3);
        assertThat(second.get("redriven").asInt()).isZero();
        assertThat(second.at("/stillInvalid/total").asInt()).isEqualTo(3);
        assertThat(table(prefix)).as("the second redrive rewrote nothing").isEqualTo(stored);
        var afterSecond = dlq(keyPrefix);
        assertThat(orderIds(afterSecond)).containsExactlyInAnyOrderElementsOf(invalid);
        assertThat(afterSecond).allSatisfy(m -> {
            assertThat(m.attribute("reasonCode")).isEqualTo("TOTAL_MISMATCH");
            assertThat(m.attribute("redriveAttempts")).isEqualTo("2");
        });
        assertThat(afterSecond.stream().map(m -> m.attribute("lineageId")).collect(Collectors.toSet()))
                .as("the copies keep the lineage of the state machine's messages").isEqualTo(lineages);
        assertConserved(fileIds, table(prefix), afterSecond);

        // The redrive stored exactly what the state machine would: the same orders through a healthy pipeline are
        // replays of the stored content (a different content hash would be a DUPLICATE_ORDER_CONFLICT).
        var replay = pipeline.report(pipeline.upload(OrderFiles.render(orders.subList(0, 8), Format.JSONL),
                "incoming/redrive-outage-replay/orders.jsonl"));
        assertThat(replay.inTable()).isEqualTo(8);
        assertThat(replay.inDlq()).isZero();
    }

    @Test
    void removingTheConflictingStoredOrderLetsTheRedriveStoreTheChangedOne() {
        var prefix = "FIXCONFLICT";
        var keyPrefix = "incoming/redrive-conflict/";
        var originals = OrderFiles.orders(prefix, 4, 0);
        var fileIds = ids(originals);
        var conflicting = OrderFiles.id(prefix, 2);
        var firstUpload = pipeline.report(pipeline.upload(OrderFiles.render(originals, Format.JSON), keyPrefix + "first.json"));
        assertThat(firstUpload.inTable()).isEqualTo(4);
        var originalItem = item(pipeline, conflicting);

        var changed = OrderFiles.orders(prefix, 4, 0);
        changed.get(2).put("channel", "store");
        var secondUpload = pipeline.report(pipeline.upload(OrderFiles.render(changed, Format.JSON), keyPrefix + "second.json"));

        assertThat(secondUpload.dlqByReason()).isEqualTo(Map.of("DUPLICATE_ORDER_CONFLICT", 1L));
        assertThat(item(pipeline, conflicting)).as("the table keeps the original").isEqualTo(originalItem);
        var conflict = dlq(keyPrefix);
        assertThat(conflict).singleElement().satisfies(m -> {
            assertThat(m.orderId()).isEqualTo(conflicting);
            assertThat(m.attribute("reasonCode")).isEqualTo("DUPLICATE_ORDER_CONFLICT");
            assertThat(m.body().get("stage").asText()).isEqualTo("WRITE");
        });
        // Both files' records are accounted for; the changed order's id is, for now, in both places by nature.
        assertThat(List.of(firstUpload, secondUpload)).allMatch(report -> report.conserved());

        // Redriven before the fix, it is still a conflict: back in the DLQ, the stored order untouched.
        var unfixed = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");
        assertThat(unfixed.get("conflicts").asInt()).isEqualTo(1);
        assertThat(unfixed.get("redriven").asInt()).isZero();
        assertThat(item(pipeline, conflicting)).isEqualTo(originalItem);
        assertThat(dlq(keyPrefix)).singleElement().satisfies(m -> {
            assertThat(m.orderId()).isEqualTo(conflicting);
            assertThat(m.attribute("reasonCode")).isEqualTo("DUPLICATE_ORDER_CONFLICT");
            assertThat(m.attribute("redriveAttempts")).isEqualTo("1");
        });

        // The operator decides the second file is right and removes the stored order.
        environment.clients().dynamoDb().deleteItem(b -> b.tableName(pipeline.tableName())
                .key(Map.of("orderId", AttributeValue.fromS(conflicting))));

        var fixed = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(handled(fixed)).isEqualTo(1);
        assertThat(fixed.get("redriven").asInt()).isEqualTo(1);
        assertThat(fixed.get("conflicts").asInt()).isZero();
        assertThat(fixed.at("/stillInvalid/total").asInt()).isZero();
        var stored = table(prefix);
        var redriven = stored.get(conflicting);
        assertSameOrder(redriven, changed.get(2));
        assertThat(redriven.get("channel").s()).isEqualTo("store");
        assertThat(redriven.get("sourceKey").s()).isEqualTo(keyPrefix + "second.json");
        assertThat(redriven.get("contentHash").s()).isNotEqualTo(originalItem.get("contentHash").s());
        assertThat(dlq(keyPrefix)).isEmpty();
        assertConserved(new HashSet<>(fileIds), stored, List.of());

        var again = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(handled(again)).isZero();
        assertThat(again.get("redriven").asInt()).isZero();
        assertThat(table(prefix)).isEqualTo(stored);
        assertThat(dlq(keyPrefix)).isEmpty();
    }

    @Test
    void aDryRunReportsWhatARealRunWouldDoAndChangesNothing() {
        var prefix = "DRYRUN";
        var keyPrefix = "incoming/redrive-dry/";
        var orders = OrderFiles.orders(prefix, 5, 2);
        uploadWithBrokenValidator(OrderFiles.render(orders, Format.CSV), keyPrefix + "orders.csv");
        var dlqBefore = dlq("");
        var tableBefore = table("");
        assertThat(dlq(keyPrefix)).hasSize(7);

        var dry = redrive("{\"dryRun\": true, \"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("redriven").asInt()).isEqualTo(5);
        assertThat(dry.at("/stillInvalid/byReason")).isEqualTo(JSON.createObjectNode().put("TOTAL_MISMATCH", 2));
        assertThat(countersOf(dry, "conflicts", "parked", "skipped", "duplicates", "errors")).containsOnly(0);
        assertThat(dlq("")).as("same messages, bodies and attributes").containsExactlyInAnyOrderElementsOf(dlqBefore);
        assertThat(table("")).isEqualTo(tableBefore);
        assertThat(table(prefix)).isEmpty();

        var real = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(real.get("redriven").asInt()).as("the dry run's prediction").isEqualTo(5);
        assertThat(real.at("/stillInvalid/byReason")).isEqualTo(dry.at("/stillInvalid/byReason"));
        assertConserved(new HashSet<>(ids(orders)), table(prefix), dlq(keyPrefix));
    }

    @Test
    void theCopiesARedriveSendsBackNameTheirOrder() {
        var prefix = "NAMED";
        var keyPrefix = "incoming/redrive-named/";
        var stored = OrderFiles.valid(OrderFiles.id(prefix, 0), 0);
        assertThat(pipeline.report(pipeline.upload(OrderFiles.render(List.of(stored), Format.JSON), keyPrefix + "first.json"))
                .inTable()).isEqualTo(1);
        var changed = stored.deepCopy().put("channel", "store");
        var invalid = OrderFiles.invalid(OrderFiles.id(prefix, 1), 1);
        uploadWithBrokenValidator(OrderFiles.render(List.of(changed, invalid), Format.JSON), keyPrefix + "second.json");
        assertThat(dlq(keyPrefix)).hasSize(2).allSatisfy(m -> assertThat(m.body().get("orderId").asText())
                .as("the reconciler parks the failed child's records from the file, naming their orders")
                .isEqualTo(m.body().at("/record/orderId").asText()));

        var summary = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(summary.get("conflicts").asInt()).isEqualTo(1);
        assertThat(summary.at("/stillInvalid/byReason")).isEqualTo(JSON.createObjectNode().put("TOTAL_MISMATCH", 1));
        // DlqMessage / data-contracts.md §4: orderId is null only when the record has no usable order id. The
        // redrive has just validated the record, so its copy names the order like the validator's own messages do.
        var copies = dlq(keyPrefix);
        assertThat(copies).extracting(m -> m.attribute("reasonCode"))
                .containsExactlyInAnyOrder("DUPLICATE_ORDER_CONFLICT", "TOTAL_MISMATCH");
        assertThat(copies).allSatisfy(m -> assertThat(m.body().path("orderId").asText(null))
                .as("orderId of the %s copy", m.attribute("reasonCode")).isEqualTo(m.body().at("/record/orderId").asText()));
    }

    // --- the pipeline, the function, the table and the DLQ as a user sees them

    /** The upload through a pipeline whose validator throws: every order ends in the DLQ as PROCESSING_ERROR. */
    private UploadOutcome uploadWithBrokenValidator(byte[] content, String key) {
        var options = PipelineTestSupport.options().withFunctions(new FunctionRegistry.Options(
                f -> f.logicalId().equals("ValidatorFunction")
                        ? new FunctionSpec(f.logicalId(), FailingValidators.Throwing.class.getName() + "::handleRequest",
                        f.timeoutSeconds(), f.memoryMb(), f.architecture(), f.environment())
                        : f,
                e -> e, f -> Duration.ofSeconds(f.timeoutSeconds())));
        try (var broken = PipelineTestSupport.start(environment, options)) {
            return broken.upload(content, key);
        }
    }

    private JsonNode redrive(String request) {
        var result = pipeline.functions().function("RedriveFunction").invoke(request.getBytes(StandardCharsets.UTF_8), null);
        assertThat(result).isInstanceOf(InvocationResult.Success.class);
        try {
            return JSON.readTree(((InvocationResult.Success) result).payload());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Messages of the request's key prefix the run received (others are received too, and counted as filteredOut). */
    private static int handled(JsonNode summary) {
        return summary.get("received").asInt() - summary.get("filteredOut").asInt();
    }

    private static List<Integer> countersOf(JsonNode summary, String... names) {
        var values = new ArrayList<Integer>();
        for (var name : names) {
            assertThat(summary.has(name)).as(name).isTrue();
            values.add(summary.get(name).asInt());
        }
        return values;
    }

    /** The table's items whose order id starts with {@code ORD-<prefix>} ("" for all), by order id. */
    private Map<String, Map<String, AttributeValue>> table(String prefix) {
        var items = new TreeMap<String, Map<String, AttributeValue>>();
        for (var page : environment.clients().dynamoDb().scanPaginator(b -> b.tableName(pipeline.tableName()).consistentRead(true))) {
            page.items().stream().filter(i -> i.get("orderId").s().startsWith(prefix.isEmpty() ? "" : "ORD-" + prefix))
                    .forEach(i -> items.put(i.get("orderId").s(), i));
        }
        return items;
    }

    /** One DLQ message as a user inspects it: id, body and every message attribute. */
    private record DlqMessage(String messageId, JsonNode body, Map<String, String> attributes) {
        String attribute(String name) {
            return attributes.get(name);
        }

        /** The order the message is about: its {@code orderId}, else the one in its record or item. */
        String orderId() {
            for (var id : List.of(body.path("orderId"), body.path("record").path("orderId"),
                    body.path("item").path("orderId").path("S"))) {
                if (id.isTextual()) {
                    return id.asText();
                }
            }
            return null;
        }
    }

    /** Every DLQ message from files whose key starts with {@code keyPrefix}; they are made visible again afterwards. */
    private List<DlqMessage> dlq(String keyPrefix) {
        var sqs = environment.clients().sqs();
        var seen = new TreeMap<String, DlqMessage>();
        var receipts = new ArrayList<String>();
        try {
            while (true) {
                var messages = sqs.receiveMessage(b -> b.queueUrl(pipeline.dlqUrl()).maxNumberOfMessages(10)
                        .visibilityTimeout(60).waitTimeSeconds(0).messageAttributeNames("All")).messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (var message : messages) {
                    receipts.add(message.receiptHandle());
                    var attributes = new TreeMap<String, String>();
                    message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
                    try {
                        seen.putIfAbsent(message.messageId(), new DlqMessage(message.messageId(), JSON.readTree(message.body()),
                                attributes));
                    } catch (java.io.IOException e) {
                        throw new AssertionError("a DLQ body that is not JSON: " + message.body(), e);
                    }
                }
            }
        } finally {
            for (int i = 0; i < receipts.size(); i += 10) {
                var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
                for (int j = i; j < Math.min(i + 10, receipts.size()); j++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                            .receiptHandle(receipts.get(j)).visibilityTimeout(0).build());
                }
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(pipeline.dlqUrl()).entries(entries));
            }
        }
        return seen.values().stream()
                .filter(m -> m.body().at("/source/key").asText("").startsWith(keyPrefix))
                .toList();
    }

    // --- assertions

    /** Every order id of the file is in exactly one place: table ∩ DLQ = ∅, table ∪ DLQ = file, no id twice. */
    private static void assertConserved(java.util.Collection<String> fileIds, Map<String, Map<String, AttributeValue>> table,
                                        List<DlqMessage> dlq) {
        var inDlq = orderIds(dlq);
        assertThat(inDlq).as("no order twice in the DLQ").doesNotHaveDuplicates();
        var both = new HashSet<>(table.keySet());
        both.retainAll(inDlq);
        assertThat(both).as("orders both in the table and in the DLQ").isEmpty();
        var everywhere = new HashSet<>(table.keySet());
        everywhere.addAll(inDlq);
        assertThat(everywhere).as("every order of the file somewhere, nothing else")
                .containsExactlyInAnyOrderElementsOf(new HashSet<>(fileIds));
    }

    /** The stored item holds the order's business content as the file had it. */
    private static void assertSameOrder(Map<String, AttributeValue> item, ObjectNode order) {
        assertThat(item).as("stored %s", order.get("orderId")).isNotNull();
        assertThat(item.get("orderId").s()).isEqualTo(order.get("orderId").asText());
        assertThat(item.get("customerId").s()).isEqualTo(order.get("customerId").asText());
        assertThat(item.get("orderDate").s()).isEqualTo(order.get("orderDate").asText());
        assertThat(item.get("currency").s()).isEqualTo(order.get("currency").asText());
        assertThat(item.get("channel").s()).isEqualTo(order.get("channel").asText());
        assertThat(new BigDecimal(item.get("totalAmount").n())).isEqualByComparingTo(order.get("totalAmount").decimalValue());
        var items = item.get("items").l();
        assertThat(items).hasSize(order.get("items").size());
        for (int i = 0; i < items.size(); i++) {
            var stored = items.get(i).m();
            var line = order.get("items").get(i);
            assertThat(stored.get("sku").s()).isEqualTo(line.get("sku").asText());
            assertThat(new BigDecimal(stored.get("quantity").n())).isEqualByComparingTo(line.get("quantity").decimalValue());
            assertThat(new BigDecimal(stored.get("unitPrice").n())).isEqualByComparingTo(line.get("unitPrice").decimalValue());
        }
        assertThat(item.get("contentHash").s()).hasSize(64);
    }

    private static List<String> ids(List<ObjectNode> orders) {
        return orders.stream().map(o -> o.get("orderId").asText()).toList();
    }

    private static List<String> orderIds(List<DlqMessage> messages) {
        return messages.stream().map(DlqMessage::orderId).toList();
    }
}
