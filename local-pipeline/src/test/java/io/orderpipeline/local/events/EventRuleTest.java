package io.orderpipeline.local.events;

import io.orderpipeline.local.template.Fixture;
import io.orderpipeline.local.template.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventRuleTest {
    private final EventRule rule = new EventRule(PipelineSpec.from(Fixture.resolver(Map.of())).stateMachine().eventPattern());

    private static com.fasterxml.jackson.databind.node.ObjectNode put(String bucket, String key) {
        return ObjectCreatedEvent.of(bucket, key, 10, "\"abc\"", "v1", Instant.parse("2026-11-24T10:00:00.123Z"));
    }

    @Test
    void orderFilesUnderIncomingStartThePipeline() {
        assertThat(rule.matches(put("orders-bucket", "incoming/a.json"))).isTrue();
        assertThat(rule.matches(put("orders-bucket", "incoming/2026/11/a.jsonl"))).isTrue();
        assertThat(rule.matches(put("orders-bucket", "incoming/b.csv"))).isTrue();
    }

    @Test
    void otherKeysSuffixesAndBucketsDoNot() {
        assertThat(rule.matches(put("orders-bucket", "incoming/a.txt"))).isFalse();
        assertThat(rule.matches(put("orders-bucket", "map-results/a.json"))).isFalse();
        assertThat(rule.matches(put("other-bucket", "incoming/a.json"))).isFalse();
    }

    @Test
    void theEventHasTheShapeS3Sends() {
        var event = put("orders-bucket", "incoming/a.json");
        assertThat(event.get("detail-type").asText()).isEqualTo("Object Created");
        assertThat(event.get("source").asText()).isEqualTo("aws.s3");
        assertThat(event.get("time").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(event.at("/resources/0").asText()).isEqualTo("arn:aws:s3:::orders-bucket");
        assertThat(event.at("/detail/object/etag").asText()).isEqualTo("abc");
        assertThat(event.at("/detail/object/version-id").asText()).isEqualTo("v1");
        assertThat(event.at("/detail/reason").asText()).isEqualTo("PutObject");
        assertThat(ObjectCreatedEvent.of("b", "k", 1, "e", null, Instant.now()).at("/detail/object").has("version-id")).isFalse();
    }
}
