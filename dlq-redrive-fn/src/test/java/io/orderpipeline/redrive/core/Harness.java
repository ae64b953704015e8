package io.orderpipeline.redrive.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.redrive.Dlq;
import io.orderpipeline.redrive.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redrive's decisions over in-memory ports: the DLQ and parking queue, the table, the claim-check bodies, one
 * journal of the calls they get in order. Each run checks that every received message has exactly one outcome.
 */
public final class Harness {

    /** A run's budget when the request names none: what a 600 s invocation leaves after the handler's margin. */
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(580);

    public final MutableClock clock = new MutableClock(Dlq.NOW);
    public final List<String> journal = new ArrayList<>();
    public final InMemoryDlq queue = new InMemoryDlq(clock, journal);
    public final InMemoryTable table = new InMemoryTable(journal);
    public final InMemoryClaimChecks claimChecks = new InMemoryClaimChecks(journal);

    public JsonNode run(String request) {
        return run(request, 5);
    }

    public JsonNode run(String request, int maxAttempts) {
        return run(queue, request, maxAttempts);
    }

    /** A run whose queue is {@code queue} (another adapter), with this harness's table and claim checks. */
    public JsonNode run(DeadLetterQueue queue, String request, int maxAttempts) {
        return run(queue, claimChecks, request, maxAttempts);
    }

    public JsonNode run(DeadLetterQueue queue, ClaimChecks claimChecks, String request, int maxAttempts) {
        JsonNode summary = summary(queue, claimChecks, request, maxAttempts);
        assertEveryMessageHasOneOutcome(summary);
        return summary;
    }

    /** A run's summary as it is, outcomes adding up or not (a receive that fails is an error of no message). */
    JsonNode summary(DeadLetterQueue queue, ClaimChecks claimChecks, String request, int maxAttempts) {
        RedriveRequest parsed = RedriveRequest.parse(request);
        Duration budget = parsed.timeBudgetSeconds() == null ? DEFAULT_BUDGET
                : Duration.ofSeconds(parsed.timeBudgetSeconds());
        Redriver redriver = new Redriver(queue, table, claimChecks, new Triage(new OrderValidator(clock)), maxAttempts,
                Tracing.lambda(), clock);
        return redriver.run(parsed, budget).toJson();
    }

    public static void assertEveryMessageHasOneOutcome(JsonNode summary) {
        int outcomes = summary.path("stillInvalid").path("total").asInt();
        for (String field : List.of("redriven", "conflicts", "parked", "skipped", "filteredOut", "duplicates",
                "repeats", "errors")) {
            outcomes += summary.path(field).asInt();
        }
        assertThat(outcomes).as("outcomes of %s", summary).isEqualTo(summary.path("received").asInt());
    }

    /** The run is over: every message it left behind is visible again for the next one. */
    public void assertAllVisible() {
        assertThat(queue.visible()).hasSameSizeAs(queue.dlq());
    }

    // attributes as the state machine, the validator, the reconciler and the redrive set them

    public static Map<String, MessageAttribute> attributes(ReasonCode reason, String sourceKey) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        attributes.put("reasonCode", MessageAttribute.string(reason.name()));
        attributes.put("sourceKey", MessageAttribute.string(sourceKey));
        return attributes;
    }

    public static Map<String, MessageAttribute> attributes(ReasonCode reason) {
        return attributes(reason, Dlq.SOURCE.key());
    }

    /** A copy the redrive sent before: {@code attempts} so far, of the chain started by {@code lineageId}. */
    public static Map<String, MessageAttribute> redriven(ReasonCode reason, int attempts, String lineageId) {
        Map<String, MessageAttribute> attributes = attributes(reason);
        attributes.put("redriveAttempts", new MessageAttribute("Number", Integer.toString(attempts), null));
        attributes.put("lineageId", MessageAttribute.string(lineageId));
        return attributes;
    }

    /** As {@link #attributes(ReasonCode)} plus the record's identity, as the validator and the reconciler set it. */
    public static Map<String, MessageAttribute> identified(ReasonCode reason, String recordId) {
        Map<String, MessageAttribute> attributes = attributes(reason);
        attributes.put("recordId", MessageAttribute.string(recordId));
        return attributes;
    }

    public static DlqMessage parse(InMemoryDlq.Stored stored) {
        return DlqMessages.parse(stored.body);
    }

    /** A stored item's attribute value text ({@code S} or {@code N}). */
    public static String value(JsonNode item, String name) {
        JsonNode value = item.path(name);
        return value.has("S") ? value.path("S").asText() : value.path("N").asText();
    }

    static JsonNode json(String text) {
        return Dlq.json(text);
    }

    static String write(JsonNode json) {
        return Json.write(json);
    }
}
