package io.orderpipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.ExecutionStatus;
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
}
