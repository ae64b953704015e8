package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.lambda.FunctionRegistry;
import io.orderpipeline.local.lambda.InvocationResult;
import io.orderpipeline.local.report.UploadOutcome;
import io.orderpipeline.local.template.FunctionSpec;
import io.orderpipeline.model.json.Json;
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
        assertThat(countersOf(first, "conflicts", "parked", "skipped", "duplicates", "repeats", "errors")).containsOnly(0);

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

    /**
     * Claim checks (data-contracts.md §7): a record whose DLQ body is over SQS's limit is parked with its body in S3
     * under dlq-payloads/, as the reconciler parks it with the Amazon SQS Extended Client (crafted here with the same
     * library and configuration against the emulators). The redrive reads the body, re-parks a copy with a body of its
     * own, deletes the original's body after the original, and at the attempt limit parks it with its body reachable.
     */
    @Test
    void aClaimCheckIsRedrivenWithItsBodyAndParkedWithItsBodyReachable() {
        var keyPrefix = "incoming/redrive-claimcheck/";
        var key = keyPrefix + "orders.json";
        var large = largeRecord(OrderFiles.id("CLAIM", 0));
        var fresh = parkWithClaimCheck(reconcilerBody(large, key, "rid-claim-0", 0), key, "rid-claim-0", null);
        var lastTry = parkWithClaimCheck(reconcilerBody(large, key, "rid-claim-1", 1), key, "rid-claim-1",
                "lineage-claim-1");
        var freshKey = claimCheckKey(fresh);
        var lastTryKey = claimCheckKey(lastTry);

        var summary = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        // a record is judged by its content, not its size: its own first reason
        assertThat(summary.at("/stillInvalid/byReason/TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(summary.get("parked").asInt()).isEqualTo(1);
        assertThat(countersOf(summary, "errors", "skipped", "repeats", "duplicates")).containsOnly(0);
        assertThat(object(freshKey)).as("the original's body is deleted with it").isNull();
        assertThat(object(lastTryKey)).isNull();

        var copy = queue(pipeline.dlqUrl()).stream().filter(m -> "rid-claim-0".equals(m.attribute("recordId")))
                .toList();
        assertThat(copy).singleElement().satisfies(m -> {
            assertThat(m.attribute("ExtendedPayloadSize")).isNotNull();
            assertThat(m.attribute("redriveAttempts")).isEqualTo("1");
            assertThat(m.attribute("lineageId")).isEqualTo(fresh.messageId());
            var body = claimCheckBody(m);
            assertThat(body.get("record")).isEqualTo(large);
            assertThat(body.at("/reasons/0/code").asText()).isEqualTo("TOO_MANY_ITEMS");
            assertThat(body.get("recordId").asText()).isEqualTo("rid-claim-0");
        });
        var parked = queue(parkingQueueUrl()).stream().filter(m -> "rid-claim-1".equals(m.attribute("recordId")))
                .toList();
        assertThat(parked).as("parked with its body reachable").singleElement().satisfies(m -> {
            assertThat(m.attribute("parkedAt")).isNotNull();
            assertThat(m.attribute("lineageId")).isEqualTo("lineage-claim-1");
            assertThat(claimCheckBody(m).get("record")).isEqualTo(large);
        });
        assertOneBodyPerClaimCheck();
    }

    /**
     * Repeats (#11 §6): a re-upload of a file parks a second message per invalid record, with the same recordId. One
     * redrive handles each record once and removes the other message of it, a claim check with its body and unread.
     */
    @Test
    void repeatsOfAReuploadedFileCollapseIntoOneMessagePerRecord() {
        var keyPrefix = "incoming/redrive-repeats/";
        var key = keyPrefix + "orders.json";
        var invalid = OrderFiles.invalid(OrderFiles.id("REPEAT", 1), 1);
        var large = largeRecord(OrderFiles.id("REPEAT", 2));
        for (int upload = 0; upload < 2; upload++) {
            var body = Json.mapper().createObjectNode();
            var validation = io.orderpipeline.model.wire.DlqMessages.toTree(new io.orderpipeline.model.wire.DlqMessage(
                    1, io.orderpipeline.model.wire.DlqMessage.Kind.ORDER,
                    io.orderpipeline.model.wire.DlqMessage.Stage.VALIDATION, invalid.get("orderId").asText(),
                    List.of(new io.orderpipeline.model.Violation(io.orderpipeline.model.ReasonCode.TOTAL_MISMATCH,
                            "$.totalAmount", "rejected then")), invalid, null,
                    new io.orderpipeline.model.SourceRef(pipeline.bucket(), key, "v" + upload), "exec-" + upload,
                    java.time.Instant.parse("2026-11-24T10:00:00Z")));
            body.setAll(withIdentity(validation, "rid-repeat-1", 1));
            environment.clients().sqs().sendMessage(b -> b.queueUrl(pipeline.dlqUrl()).messageBody(body.toString())
                    .messageAttributes(attributes("TOTAL_MISMATCH", key, "rid-repeat-1", null)));
            parkWithClaimCheck(reconcilerBody(large, key, "rid-repeat-2", 2), key, "rid-repeat-2", null);
        }
        assertOneBodyPerClaimCheck();

        var summary = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");

        assertThat(handled(summary)).isEqualTo(4);
        assertThat(summary.get("repeats").asInt()).isEqualTo(2);
        assertThat(summary.at("/stillInvalid/total").asInt()).isEqualTo(2);
        assertThat(summary.get("errors").asInt()).isZero();
        var left = queue(pipeline.dlqUrl()).stream()
                .filter(m -> m.attribute("recordId") != null && m.attribute("recordId").startsWith("rid-repeat-"))
                .toList();
        assertThat(left).extracting(m -> m.attribute("recordId"))
                .containsExactlyInAnyOrder("rid-repeat-1", "rid-repeat-2");
        assertThat(left).allSatisfy(m -> assertThat(m.attribute("redriveAttempts")).isEqualTo("1"));
        assertOneBodyPerClaimCheck();

        var again = redrive("{\"sourceKeyPrefix\": \"" + keyPrefix + "\"}");
        assertThat(again.get("repeats").asInt()).as("nothing left to collapse").isZero();
        assertThat(handled(again)).isEqualTo(2);
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
        return queue(pipeline.dlqUrl()).stream()
                .map(m -> {
                    try {
                        return new DlqMessage(m.messageId(), JSON.readTree(m.body()), m.attributes());
                    } catch (java.io.IOException e) {
                        throw new AssertionError("a DLQ body that is not JSON: " + m.body(), e);
                    }
                })
                .filter(m -> m.body().at("/source/key").asText("").startsWith(keyPrefix))
                .toList();
    }

    // --- claim checks and repeats as the reconciler and a re-upload leave them

    private static final String PAYLOADS = "dlq-payloads/";

    /** A record over every limit: 6,000 items with long SKUs (its DLQ body is about 360 KB). */
    private static ObjectNode largeRecord(String orderId) {
        var record = OrderFiles.valid(orderId, 0);
        var items = record.putArray("items");
        var total = BigDecimal.ZERO;
        for (int i = 0; i < 6_000; i++) {
            items.addObject().put("sku", String.format(java.util.Locale.ROOT, "SKU-%08d-%s", i, "X".repeat(24)))
                    .put("quantity", 1).put("unitPrice", new BigDecimal("1.25"));
            total = total.add(new BigDecimal("1.25"));
        }
        record.put("totalAmount", total);
        return record;
    }

    /**
     * A body as the reconciler parks a record that cannot travel (data-contracts.md §4, §5): the record as read from
     * the file, RECORD_TOO_LARGE first, its recordId and recordIndex. Stage PROCESSING, as reconciler-fn writes it until
     * order-model knows RECONCILIATION.
     */
    private ObjectNode reconcilerBody(ObjectNode record, String key, String recordId, long index) {
        var message = new io.orderpipeline.model.wire.DlqMessage(1, io.orderpipeline.model.wire.DlqMessage.Kind.ORDER,
                io.orderpipeline.model.wire.DlqMessage.Stage.PROCESSING, record.get("orderId").asText(),
                List.of(new io.orderpipeline.model.Violation(io.orderpipeline.model.ReasonCode.RECORD_TOO_LARGE, "$",
                        "the DLQ message is over SQS's 262144 bytes: its body is stored in S3 (claim check)")),
                record, null, new io.orderpipeline.model.SourceRef(pipeline.bucket(), key, "v1"), "exec-claim",
                java.time.Instant.parse("2026-11-24T10:00:00Z"));
        return withIdentity(io.orderpipeline.model.wire.DlqMessages.toTree(message), recordId, index);
    }

    /** The body with {@code recordId} and {@code recordIndex} after {@code orderId}, as data-contracts.md §4 has them. */
    private static ObjectNode withIdentity(ObjectNode tree, String recordId, long index) {
        var out = Json.mapper().createObjectNode();
        tree.properties().forEach(e -> {
            out.set(e.getKey(), e.getValue());
            if (e.getKey().equals("orderId")) {
                out.put("recordId", recordId);
                out.put("recordIndex", index);
            }
        });
        return out;
    }

    private static Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes(
            String reason, String key, String recordId, String lineageId) {
        var attributes = new java.util.LinkedHashMap<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue>();
        attributes.put("reasonCode", text(reason));
        attributes.put("sourceKey", text(key));
        attributes.put("recordId", text(recordId));
        if (lineageId != null) {
            // redriven four times already: the next attempt is the fifth, RedriveMaxAttempts' default
            attributes.put("redriveAttempts", software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                    .dataType("Number").stringValue("4").build());
            attributes.put("lineageId", text(lineageId));
        }
        return attributes;
    }

    private static software.amazon.awssdk.services.sqs.model.MessageAttributeValue text(String value) {
        return software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String")
                .stringValue(value).build();
    }

    /** Sends as reconciler-fn's SqsDeadLetters does: the Extended Client, body over 262,144 bytes to dlq-payloads/. */
    private QueuedMessage parkWithClaimCheck(ObjectNode body, String key, String recordId, String lineageId) {
        var extended = new com.amazon.sqs.javamessaging.AmazonSQSExtendedClient(environment.clients().sqs(),
                new com.amazon.sqs.javamessaging.ExtendedClientConfiguration()
                        .withPayloadSupportEnabled(environment.clients().s3(), pipeline.bucket())
                        .withS3KeyPrefix(PAYLOADS)
                        .withPayloadSizeThreshold(262_144)
                        .withLegacyReservedAttributeNameDisabled());
        var sent = extended.sendMessage(b -> b.queueUrl(pipeline.dlqUrl()).messageBody(body.toString())
                .messageAttributes(attributes("RECORD_TOO_LARGE", key, recordId, lineageId)));
        return queue(pipeline.dlqUrl()).stream().filter(m -> m.messageId().equals(sent.messageId())).findFirst()
                .orElseThrow();
    }

    /** A message as it sits in a queue: id, raw body and attributes. */
    private record QueuedMessage(String messageId, String body, Map<String, String> attributes) {
        String attribute(String name) {
            return attributes.get(name);
        }
    }

    private String parkingQueueUrl() {
        return pipeline.spec().functions().get("RedriveFunction").environment().get("PARKING_QUEUE_URL");
    }

    /** Every message of a queue, made visible again afterwards. */
    private List<QueuedMessage> queue(String queueUrl) {
        var sqs = environment.clients().sqs();
        var seen = new TreeMap<String, QueuedMessage>();
        var receipts = new ArrayList<String>();
        try {
            while (true) {
                var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .visibilityTimeout(60).waitTimeSeconds(0).messageAttributeNames("All")).messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (var message : messages) {
                    receipts.add(message.receiptHandle());
                    var attributes = new TreeMap<String, String>();
                    message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
                    seen.putIfAbsent(message.messageId(), new QueuedMessage(message.messageId(), message.body(), attributes));
                }
            }
        } finally {
            for (int i = 0; i < receipts.size(); i += 10) {
                var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
                for (int j = i; j < Math.min(i + 10, receipts.size()); j++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                            .receiptHandle(receipts.get(j)).visibilityTimeout(0).build());
                }
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
            }
        }
        return List.copyOf(seen.values());
    }

    /** The S3 key a claim-check message points to (the library's pointer), in the orders bucket. */
    private String claimCheckKey(QueuedMessage m) {
        assertThat(m.attribute("ExtendedPayloadSize")).as("a claim check").isNotNull();
        try {
            var pointer = JSON.readTree(m.body());
            assertThat(pointer.get(0).asText()).isEqualTo("software.amazon.payloadoffloading.PayloadS3Pointer");
            assertThat(pointer.get(1).get("s3BucketName").asText()).isEqualTo(pipeline.bucket());
            return pointer.get(1).get("s3Key").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a pointer: " + m.body(), e);
        }
    }

    private JsonNode claimCheckBody(QueuedMessage m) {
        var text = object(claimCheckKey(m));
        assertThat(text).as("the claim-check body of %s", m.messageId()).isNotNull();
        try {
            // numbers as the pipeline reads them (exact decimals), so the record compares with the one parked
            return Json.read(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The object's content, or null when there is none. */
    private String object(String key) {
        try {
            return environment.clients().s3().getObjectAsBytes(b -> b.bucket(pipeline.bucket()).key(key)).asUtf8String();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        }
    }

    /**
     * Nothing lost, nothing left behind: every object under dlq-payloads/ is the body of exactly one message in the
     * DLQ or the parking queue, and every claim-check message's body is there.
     */
    private void assertOneBodyPerClaimCheck() {
        var pointed = new ArrayList<String>();
        for (var queueUrl : List.of(pipeline.dlqUrl(), parkingQueueUrl())) {
            queue(queueUrl).stream().filter(m -> m.attribute("ExtendedPayloadSize") != null)
                    .forEach(m -> pointed.add(claimCheckKey(m)));
        }
        var objects = environment.clients().s3().listObjectsV2Paginator(b -> b.bucket(pipeline.bucket()).prefix(PAYLOADS))
                .contents().stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        assertThat(pointed).as("no two messages share a body").doesNotHaveDuplicates();
        assertThat(objects).as("the bodies under dlq-payloads/ are exactly those the messages point to")
                .containsExactlyInAnyOrderElementsOf(pointed);
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
