package io.orderpipeline.local;

import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.local.OrderFiles.Format;
import io.orderpipeline.local.emulator.LocalEnvironment;
import io.orderpipeline.local.events.ObjectCreatedEvent.KeyEncoding;
import io.orderpipeline.local.report.FileReport;
import io.orderpipeline.local.report.PipelineInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object keys as EventBridge may deliver them (#21 §1): raw, or URL-encoded as S3 documents for its notifications. INSPECT
 * resolves the key that holds the object, and the Map, the reconciler, the stored items and the DLQ messages all use it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventKeysIT {

    private LocalEnvironment environment;
    private final Map<KeyEncoding, LocalPipeline> pipelines = new EnumMap<>(KeyEncoding.class);

    @BeforeAll
    void start() {
        environment = LocalEnvironment.startOwn();
        for (KeyEncoding encoding : KeyEncoding.values()) {
            pipelines.put(encoding, PipelineTestSupport.start(environment,
                    PipelineTestSupport.options().withEventKeyEncoding(encoding)));
        }
    }

    @AfterAll
    void stop() {
        pipelines.values().forEach(LocalPipeline::close);
        environment.close();
    }

    /** Keys with a space, '+', '%', '=' and non-ASCII characters, one per format. */
    static final List<String> AWKWARD = List.of("red flower.json", "a+b=c & d.jsonl", "100% sure+.csv",
            "Zoë/注文 ünï.json");

    private List<PipelineInspector.DlqEntry> messagesOf(LocalPipeline pipeline, FileReport report) {
        return pipeline.inspector().peekDlq().stream()
                .filter(e -> report.outcome().executionArn().equals(e.executionId())).toList();
    }

    @ParameterizedTest
    @EnumSource(KeyEncoding.class)
    void everyAwkwardKeyIsReadStoredAndParkedUnderTheKeyThatHoldsTheObject(KeyEncoding encoding) {
        var pipeline = pipelines.get(encoding);
        for (int i = 0; i < AWKWARD.size(); i++) {
            String key = "incoming/keys-" + encoding + "/" + AWKWARD.get(i);
            String prefix = "KEY" + encoding + i;
            Format format = key.endsWith(".csv") ? Format.CSV : key.endsWith(".jsonl") ? Format.JSONL : Format.JSON;
            var report = pipeline.report(pipeline.upload(OrderFiles.render(OrderFiles.orders(prefix, 2, 1), format), key));

            var result = report.outcome().result();
            assertThat(result.status()).as("%s %s: %s: %s", encoding, key, result.error(), result.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(report.conserved()).as(String.valueOf(report.notConservedBecause())).isTrue();
            assertThat(report.read()).isEqualTo(3);
            assertThat(report.reconciliation().json().at("/source/key").asText()).isEqualTo(key);
            var stored = PipelineTestSupport.item(pipeline, OrderFiles.id(prefix, 1));
            assertThat(stored.get("sourceKey").s()).isEqualTo(key);
            assertThat(messagesOf(pipeline, report)).singleElement().satisfies(m -> {
                assertThat(m.sourceKey()).isEqualTo(key);
                assertThat(m.body().at("/source/key").asText()).isEqualTo(key);
            });
        }
    }

    @Test
    void whenTheEncodedKeyNamesAnotherObjectTooTheVersionIdDecides() {
        // "a b.json" URL-encoded is "a+b.json", the name of another object in the bucket
        var pipeline = pipelines.get(KeyEncoding.URL);
        var plus = pipeline.report(pipeline.upload(OrderFiles.render(OrderFiles.orders("PLUS", 1, 0), Format.JSON),
                "incoming/ambiguous/a+b.json"));
        var space = pipeline.report(pipeline.upload(OrderFiles.render(OrderFiles.orders("SPACE", 2, 0), Format.JSON),
                "incoming/ambiguous/a b.json"));

        assertThat(plus.reconciliation().json().at("/source/key").asText()).isEqualTo("incoming/ambiguous/a+b.json");
        assertThat(plus.read()).isEqualTo(1);
        assertThat(space.reconciliation().json().at("/source/key").asText()).isEqualTo("incoming/ambiguous/a b.json");
        assertThat(space.read()).isEqualTo(2);
        assertThat(PipelineTestSupport.item(pipeline, OrderFiles.id("SPACE", 1)).get("sourceKey").s())
                .isEqualTo("incoming/ambiguous/a b.json");
    }

    @Test
    void anObjectGoneBeforeItsExecutionIsNotFoundNamingTheKeysTried() {
        try (var pipeline = PipelineTestSupport.start(environment, PipelineTestSupport.options()
                .withEventKeyEncoding(KeyEncoding.URL)
                .withIntegrations(Faults.deleteTheFileBefore("INSPECT", environment.clients().s3())))) {
            // the event of an upload whose object is deleted before INSPECT runs (a delayed or replayed event)
            var report = pipeline.report(pipeline.upload(OrderFiles.render(OrderFiles.orders("GONE", 1, 0),
                    Format.JSON), "incoming/gone/red flower.json"));

            assertThat(report.outcome().result().status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(report.outcome().result().error()).isEqualTo("OrderFile.NotFound");
            assertThat(report.conserved()).isTrue();
            assertThat(messagesOf(pipeline, report)).singleElement().satisfies(m -> {
                assertThat(m.kind()).isEqualTo("FILE");
                assertThat(m.body().at("/reasons/0/message").asText())
                        .contains("'incoming/gone/red+flower.json' (as received)")
                        .contains("'incoming/gone/red flower.json' ('+' as space");
            });
        }
    }
}
