package io.orderpipeline.local;

import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.report.FileReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static io.orderpipeline.local.PipelineTestSupport.countItemsWithPrefix;
import static io.orderpipeline.local.PipelineTestSupport.item;
import static org.assertj.core.api.Assertions.assertThat;

/** The real template, definition and handlers against the emulators, one file at a time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {
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
        var report = pipeline.report(pipeline.upload(content, key));
        assertThat(report.conserved()).as("read %d = table %d + DLQ %d", report.read(), report.inTable(), report.inDlq()).isTrue();
        return report;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void validOrdersInEveryFormatLandInTheTable(Format format) {
        var prefix = "VALID" + format;
        var report = upload(OrderFiles.render(OrderFiles.orders(prefix, 30, 0), format), "incoming/valid" + format.suffix);

        assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.read()).isEqualTo(30);
        assertThat(report.inTable()).isEqualTo(30);
        assertThat(report.inDlq()).isZero();
        assertThat(countItemsWithPrefix(pipeline, "ORD-" + prefix)).isEqualTo(30);
        var stored = item(pipeline, OrderFiles.id(prefix, 0));
        assertThat(stored.get("sourceKey").s()).isEqualTo("incoming/valid" + format.suffix);
        assertThat(stored.get("sourceVersion").s()).isEqualTo(report.outcome().versionId());
        assertThat(stored.get("executionId").s()).isEqualTo(report.outcome().executionArn());
        assertThat(stored.get("contentHash").s()).hasSize(64);
        assertThat(stored.get("items").l()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void invalidOrdersGoToTheDlqWithTheirReason(Format format) {
        var prefix = "INVALID" + format;
        var report = upload(OrderFiles.render(OrderFiles.orders(prefix, 0, 12), format), "incoming/invalid" + format.suffix);

        assertThat(report.read()).isEqualTo(12);
        assertThat(report.inTable()).isZero();
        assertThat(report.dlqByReason()).isEqualTo(Map.of("TOTAL_MISMATCH", 12L));
        assertThat(countItemsWithPrefix(pipeline, "ORD-" + prefix)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void mixedFilesAreSplitBetweenTableAndDlq(Format format) {
        var prefix = "MIXED" + format;
        var report = upload(OrderFiles.render(OrderFiles.orders(prefix, 25, 7), format), "incoming/mixed" + format.suffix);

        assertThat(report.read()).isEqualTo(32);
        assertThat(report.inTable()).isEqualTo(25);
        assertThat(report.dlqByReason()).isEqualTo(Map.of("TOTAL_MISMATCH", 7L));
        var message = pipeline.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId())).findFirst().orElseThrow();
        assertThat(message.body().get("kind").asText()).isEqualTo("ORDER");
        assertThat(message.body().get("stage").asText()).isEqualTo("VALIDATION");
        assertThat(message.sourceKey()).isEqualTo("incoming/mixed" + format.suffix);
        assertThat(message.body().at("/source/versionId").asText()).isEqualTo(report.outcome().versionId());
    }

    @Test
    void uploadingTheSameFileTwiceWritesNoDuplicatesAndAChangedOrderIsAConflict() {
        var orders = OrderFiles.orders("TWICE", 10, 0);
        var first = upload(OrderFiles.render(orders, Format.JSON), "incoming/twice.json");
        var second = upload(OrderFiles.render(orders, Format.JSON), "incoming/twice.json");

        assertThat(second.outcome().versionId()).isNotEqualTo(first.outcome().versionId());
        assertThat(second.inTable()).isEqualTo(10);
        assertThat(second.inDlq()).isZero();
        assertThat(countItemsWithPrefix(pipeline, "ORD-TWICE")).isEqualTo(10);
        var hashBefore = item(pipeline, OrderFiles.id("TWICE", 3)).get("contentHash").s();

        orders.get(3).put("channel", "store");
        var changed = upload(OrderFiles.render(orders, Format.JSON), "incoming/twice.json");

        assertThat(changed.inTable()).isEqualTo(9);
        assertThat(changed.dlqByReason()).isEqualTo(Map.of("DUPLICATE_ORDER_CONFLICT", 1L));
        assertThat(item(pipeline, OrderFiles.id("TWICE", 3)).get("contentHash").s()).isEqualTo(hashBefore);
        assertThat(item(pipeline, OrderFiles.id("TWICE", 3)).get("channel").s()).isEqualTo("web");
        var conflict = pipeline.inspector().peekDlq().stream()
                .filter(e -> changed.outcome().executionArn().equals(e.executionId())).findFirst().orElseThrow();
        assertThat(conflict.body().get("stage").asText()).isEqualTo("WRITE");
        assertThat(conflict.body().get("orderId").asText()).isEqualTo(OrderFiles.id("TWICE", 3));
        assertThat(conflict.body().at("/item/channel/S").asText()).isEqualTo("store");
    }

    @Test
    void aMalformedFileFailsTheExecutionWithOneFileMessage() {
        var report = upload("[{\"orderId\": \"ORD-BROKEN-1\",".getBytes(StandardCharsets.UTF_8), "incoming/broken.json");

        assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(report.outcome().result().error()).isEqualTo("OrderFile.Unreadable");
        assertThat(report.fileFailed()).isTrue();
        // the reconciler read the file too, with the same item-reader: its error says where the file breaks
        assertThat(report.fileFailureMessage()).startsWith("OrderFile.Unreadable: ").contains("MALFORMED_JSON");
        assertThat(report.inFileMessage()).isZero();
        var message = pipeline.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId())).toList();
        assertThat(message).singleElement().satisfies(m -> {
            assertThat(m.reasonCode()).isEqualTo("FILE_ERROR");
            assertThat(m.body().get("stage").asText()).isEqualTo("FILE_READ");
            assertThat(m.sourceKey()).isEqualTo("incoming/broken.json");
        });
    }

    @Test
    void aFileOverMaxFileBytesFailsAtInspectWithOneFileMessageAndNothingWritten() {
        byte[] content = OrderFiles.render(OrderFiles.orders("TOOLARGE", 8, 2), Format.JSON);
        assertThat(content.length).isGreaterThan(1_000);
        var options = PipelineTestSupport.options().withParameters(Map.of("MaxFileBytes", "1000"));
        try (var limited = PipelineTestSupport.start(environment, options)) {
            var outcome = limited.upload(content, "incoming/too-large.json");
            var summary = limited.summary(java.util.List.of(outcome), java.time.Duration.ofSeconds(1));
            var report = summary.files().getFirst();

            assertThat(outcome.result().status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(outcome.result().error()).isEqualTo("OrderFile.TooLarge");
            assertThat(outcome.result().stats().childExecutions()).as("the Map never ran").isZero();
            assertThat(report.conserved()).as("rejected before any order was read").isTrue();
            assertThat(report.read()).isZero();
            assertThat(countItemsWithPrefix(limited, "ORD-TOOLARGE")).isZero();
            var messages = limited.inspector().peekDlq().stream()
                    .filter(e -> outcome.executionArn().equals(e.executionId())).toList();
            assertThat(messages).singleElement().satisfies(m -> {
                assertThat(m.reasonCode()).isEqualTo("FILE_ERROR");
                assertThat(m.kind()).isEqualTo("FILE");
                assertThat(m.sourceKey()).isEqualTo("incoming/too-large.json");
                assertThat(m.body().at("/reasons/0/message").asText()).startsWith(String.format(java.util.Locale.ROOT,
                        "The file could not be processed: OrderFile.TooLarge: The file is %,d bytes, over the limit"
                                + " of 1,000 bytes (MaxFileBytes)", content.length));
            });

            var printed = new java.io.ByteArrayOutputStream();
            summary.print(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            var text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text.lines().filter(l -> l.startsWith("incoming/too-large.json")).findFirst().orElseThrow())
                    .containsPattern("FAILED\\s+0\\s+0\\s+0\\s+0");
            assertThat(text).containsPattern("File failures\\s+1")
                    .contains(String.format(java.util.Locale.ROOT, "incoming/too-large.json: OrderFile.TooLarge - The"
                            + " file is %,d bytes, over the limit of 1,000 bytes", content.length))
                    .contains("Conservation      OK");
        }
    }

    @Test
    void theProjectsSampleFilesAreAccountedFor() throws Exception {
        var home = pipeline.resolver().template().directory();
        for (var name : new String[]{"sample-orders.json", "sample-orders.jsonl", "sample-orders.csv", "invalid-orders.json"}) {
            var report = upload(Files.readAllBytes(home.resolve("events/orders").resolve(name)), "incoming/samples/" + name);
            assertThat(report.outcome().result().status()).as(name).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.read()).as(name).isPositive();
        }
    }

    @Test
    void theRedriveFunctionRunsInProcessAgainstTheSameQueueAndTable() throws Exception {
        upload(OrderFiles.render(OrderFiles.orders("REDRIVE", 2, 3), Format.JSONL), "incoming/redrive.jsonl");
        var before = pipeline.inspector().peekDlq().size();

        var request = "{\"maxMessages\": 1000, \"dryRun\": true, \"sourceKeyPrefix\": \"incoming/redrive\"}";
        var result = pipeline.functions().function("RedriveFunction").invoke(request.getBytes(StandardCharsets.UTF_8), null);

        assertThat(result).isInstanceOf(io.orderpipeline.local.lambda.InvocationResult.Success.class);
        var summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(((io.orderpipeline.local.lambda.InvocationResult.Success) result).payload());
        assertThat(summary.get("dryRun").asBoolean()).isTrue();
        assertThat(summary.at("/stillInvalid/total").asInt()).isEqualTo(3);
        assertThat(pipeline.inspector().peekDlq()).as("a dry run changes nothing").hasSize(before);
    }

    @Test
    void keysTheRuleDoesNotMatchStartNothing() {
        var outcome = pipeline.upload(OrderFiles.render(OrderFiles.orders("NOMATCH", 1, 0), Format.JSON), "elsewhere/orders.json");
        assertThat(outcome.ruleMatched()).isFalse();
        assertThat(outcome.result()).isNull();
        // Decision 2 (#12 §6): every key under incoming/ starts an execution; the state machine answers a suffix it
        // cannot read with a FILE_ERROR instead of the upload being silently ignored.
        var txt = pipeline.upload("x".getBytes(StandardCharsets.UTF_8), "incoming/notes.txt");
        assertThat(txt.ruleMatched()).isTrue();
        assertThat(countItemsWithPrefix(pipeline, "ORD-NOMATCH")).isZero();
    }
}
