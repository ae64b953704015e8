package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.redrive.Dlq;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.orderpipeline.redrive.core.Harness.identified;
import static io.orderpipeline.redrive.core.Harness.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages the reconciler parks (stage RECONCILIATION, data-contracts.md §4 §5): the record exactly as re-read from the
 * file, its recordId and recordIndex, and for ALTERED_IN_TRANSIT the item it took out of the table. The redrive judges
 * the record, never the altered item, and a copy keeps every field the reconciler wrote.
 */
class ReconciliationStageTest {

    private final Harness h = new Harness();

    /** A body as reconciler-fn's ParkedMessages builds it. */
    private static String parked(JsonNode record, ReasonCode reason, String recordId, long index, JsonNode alteredItem) {
        var message = new DlqMessage(DlqMessage.SCHEMA_VERSION, DlqMessage.Kind.ORDER, DlqMessage.Stage.RECONCILIATION,
                record.path("orderId").asText(null), List.of(new Violation(reason, "$", "parked by the reconciler")),
                record, null, Dlq.SOURCE, Dlq.EXECUTION, Dlq.NOW.minusSeconds(60), recordId, index);
        ObjectNode body = DlqMessages.toTree(message);
        if (alteredItem != null) {
            body.set("alteredItem", alteredItem);
        }
        return Json.write(body);
    }

    @Test
    void anOrderAlteredInTransitIsStoredFromItsRecordNotFromTheAlteredItem() {
        ObjectNode record = Dlq.validRecord("ORD-ALT-1");
        ObjectNode altered = Dlq.item(record);
        altered.set("totalAmount", Dlq.json("{\"N\":\"19.9000000001\"}"));
        h.queue.put(parked(record, ReasonCode.ALTERED_IN_TRANSIT, "rid-alt-1", 7, altered),
                identified(ReasonCode.ALTERED_IN_TRANSIT, "rid-alt-1"));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(h.queue.dlq()).isEmpty();
        var stored = h.table.items.get("ORD-ALT-1");
        assertThat(new java.math.BigDecimal(value(stored, "totalAmount"))).isEqualByComparingTo("19.90");
        assertThat(value(stored, "contentHash")).isEqualTo(ContentHash.of(OrderItemMapper.fromItem(Dlq.item(record))));
    }

    @Test
    void aRecordAFailedChildLeftThatStillFailsIsCopiedWithEveryFieldTheReconcilerWrote() {
        ObjectNode record = Dlq.mismatchedRecord("ORD-REC-2");
        h.queue.put(parked(record, ReasonCode.PROCESSING_ERROR, "rid-rec-2", 41, null),
                identified(ReasonCode.PROCESSING_ERROR, "rid-rec-2"));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("stillInvalid").path("total").asInt()).isEqualTo(1);
        assertThat(h.table.items).isEmpty();
        assertThat(h.queue.dlq()).singleElement().satisfies(copy -> {
            JsonNode body = Dlq.json(copy.body);
            assertThat(body.path("stage").asText()).isEqualTo("RECONCILIATION");
            assertThat(body.path("recordId").asText()).isEqualTo("rid-rec-2");
            assertThat(body.path("recordIndex").asLong()).isEqualTo(41);
            assertThat(body.path("record")).isEqualTo(record);
            assertThat(body.at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH");
            assertThat(copy.attribute("reasonCode")).isEqualTo("TOTAL_MISMATCH");
            assertThat(copy.attribute("recordId")).isEqualTo("rid-rec-2");
        });
    }

    @Test
    void aRecordTooLargeToTravelStaysParkedWithItsBodyReachable() {
        ObjectNode record = Dlq.largeRecord("ORD-BIG-3", 5_000);
        h.queue.putClaimCheck(h.claimChecks.store(parked(record, ReasonCode.RECORD_TOO_LARGE, "rid-big-3", 2, null)),
                identified(ReasonCode.RECORD_TOO_LARGE, "rid-big-3"));

        JsonNode summary = h.run("{}");

        assertThat(summary.path("stillInvalid").path("byReason").path("TOO_MANY_ITEMS").asInt()).isEqualTo(1);
        assertThat(h.table.items).isEmpty();
        assertThat(h.queue.dlq()).singleElement().satisfies(copy -> {
            JsonNode body = Dlq.json(copy.body);
            assertThat(body.path("stage").asText()).isEqualTo("RECONCILIATION");
            assertThat(body.path("recordId").asText()).isEqualTo("rid-big-3");
            assertThat(body.path("record")).isEqualTo(record);
        });
        assertThat(h.claimChecks.bodies).as("the parked body is deleted after its message").isEmpty();
    }
}
