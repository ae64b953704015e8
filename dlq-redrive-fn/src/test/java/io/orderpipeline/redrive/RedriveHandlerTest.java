package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.core.Harness;
import io.orderpipeline.redrive.core.InvalidRedriveRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge: the request parsed before anything is touched, one run, its summary as the response. */
class RedriveHandlerTest {

    private final Harness h = new Harness();
    private final RedriveHandler handler = InMemoryHandler.of(h, Tracing.lambda());

    @Test
    void anInvocationRunsTheRedriveAndAnswersWithItsSummary() {
        h.queue.put(Dlq.body(Dlq.validRecord("ORD-1"), ReasonCode.INVALID_SKU), Harness.attributes(ReasonCode.INVALID_SKU));

        JsonNode summary = InMemoryHandler.invoke(handler, "{\"maxMessages\": 5}");

        assertThat(summary.path("received").asInt()).isEqualTo(1);
        assertThat(summary.path("redriven").asInt()).isEqualTo(1);
        assertThat(h.table.items).containsOnlyKeys("ORD-1");
        Harness.assertEveryMessageHasOneOutcome(summary);
    }

    @Test
    void anInvalidRequestIsRejectedBeforeTouchingAnything() {
        for (String request : List.of("{\"maxMessages\": 0}", "{\"maxMessages\": 1001}", "{\"maxMessages\": \"ten\"}",
                "{\"dryRun\": \"yes\"}", "{\"reasonCode\": \"NOPE\"}", "{\"dryrun\": true}", "[1]", "{not json",
                "{\"timeBudgetSeconds\": 0}", "{\"sourceKeyPrefix\": 3}")) {
            assertThatThrownBy(() -> InMemoryHandler.invoke(handler, request))
                    .as(request).isInstanceOf(InvalidRedriveRequestException.class);
        }
        assertThat(h.journal).isEmpty();
    }
}
