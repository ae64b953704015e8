package io.orderpipeline.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The redrive as Lambda runs it, against in-memory SQS, DynamoDB and S3; each run checks the summary adds up. */
final class Harness {

    final MutableClock clock = new MutableClock(Dlq.NOW);
    final FakeSqs sqs = new FakeSqs(clock, Dlq.DLQ, Dlq.PARKING);
    final FakeTable table = new FakeTable();
    final FakeS3 s3 = new FakeS3();

    JsonNode run(String request) {
        return run(request, 5);
    }

    JsonNode run(String request, int maxAttempts) {
        RedriveHandler handler = new RedriveHandler(Dlq.environment(maxAttempts), sqs.client, table.client, s3.client,
                clock, Tracing.lambda());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out,
                    TestContext.withRemaining(600_000));
            JsonNode summary = Json.read(out.toString(StandardCharsets.UTF_8));
            int outcomes = summary.path("stillInvalid").path("total").asInt();
            for (String field : List.of("redriven", "conflicts", "parked", "skipped", "filteredOut", "duplicates",
                    "repeats", "errors")) {
                outcomes += summary.path(field).asInt();
            }
            assertThat(outcomes).as("outcomes of %s", summary).isEqualTo(summary.path("received").asInt());
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<FakeSqs.Stored> dlq() {
        return sqs.messages(Dlq.DLQ);
    }

    List<FakeSqs.Stored> parking() {
        return sqs.messages(Dlq.PARKING);
    }

    /** The claim-check bodies in the bucket, by key. */
    Set<String> bodies() {
        return new TreeSet<>(s3.under(Dlq.BUCKET, Dlq.PAYLOADS).keySet());
    }

    /**
     * Every claim-check body belongs to exactly one message of the DLQ or the parking queue, and every claim-check
     * message's body is there: no body lost, none shared, none left behind.
     */
    void assertOneBodyPerClaimCheck() {
        List<String> pointed = new ArrayList<>();
        for (FakeSqs.Stored m : concat(dlq(), parking())) {
            String key = Dlq.pointerKey(m);
            if (key != null) {
                pointed.add(key);
            }
        }
        assertThat(pointed).as("no two messages share a body").doesNotHaveDuplicates();
        assertThat(bodies()).as("the claim-check bodies are exactly those the messages point to")
                .containsExactlyInAnyOrderElementsOf(pointed);
    }

    private static List<FakeSqs.Stored> concat(List<FakeSqs.Stored> a, List<FakeSqs.Stored> b) {
        List<FakeSqs.Stored> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
