package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.event.ruler.Machine;

/**
 * The EventBridge rule's pattern, taken from template.yaml, run through AWS's Event Ruler against the sample
 * S3 "Object Created" events: the files the pipeline can read start an execution, nothing else does.
 */
class EventPatternTest {

    private static final String RULE = "OrderFileCreated";

    private final JsonNode createdEvent = read("events/s3-object-created.json");

    private static JsonNode read(String relative) {
        try {
            return AslDefinition.JSON.readTree(Files.readString(ProjectFiles.resolve(relative)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The rule's pattern as EventBridge sees it once CloudFormation has resolved {@code !Ref OrdersBucket}. */
    private static String patternFor(String bucketName) throws IOException {
        var properties = SamTemplate.load().resource("OrderPipelineStateMachine").properties();
        var event = Yamls.map(Yamls.at(properties, "Events", RULE));
        assertThat(event.get("Type")).isEqualTo("EventBridgeRule");
        var pattern = Yamls.at(event, "Properties", "Pattern");
        return AslDefinition.JSON.writeValueAsString(resolve(pattern, bucketName));
    }

    private static Object resolve(Object value, String bucketName) {
        var intrinsic = Intrinsic.of(value);
        if (intrinsic != null) {
            assertThat(intrinsic).as("the only intrinsic in the pattern").isEqualTo(new Intrinsic("Ref", "OrdersBucket"));
            return bucketName;
        }
        if (value instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, bucketName)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolve(v, bucketName)).toList();
        }
        return value;
    }

    /** The key prefix the rule lets through ("incoming/"): its {@code prefix} matcher (or the text before a wildcard). */
    static String uploadPrefix() {
        var keys = Yamls.list(Yamls.at(SamTemplate.load().resource("OrderPipelineStateMachine").properties(),
                "Events", RULE, "Properties", "Pattern", "detail", "object", "key"));
        var prefixes = new java.util.TreeSet<String>();
        for (var key : keys) {
            var matcher = Yamls.map(key);
            var text = String.valueOf(matcher.containsKey("prefix") ? matcher.get("prefix") : matcher.get("wildcard"));
            prefixes.add(text.contains("*") ? text.substring(0, text.indexOf('*')) : text);
        }
        assertThat(prefixes).as("one upload prefix").hasSize(1);
        return prefixes.first();
    }

    private boolean startsExecution(JsonNode event) throws Exception {
        var machine = new Machine();
        machine.addRule(RULE, patternFor(createdEvent.at("/detail/bucket/name").asText()));
        return machine.rulesForJSONEvent(AslDefinition.JSON.writeValueAsString(event)).contains(RULE);
    }

    private ObjectNode withKey(String key) {
        var event = createdEvent.deepCopy();
        ((ObjectNode) event.at("/detail/object")).put("key", key);
        return (ObjectNode) event;
    }

    @Test
    void ruleHandsTheWholeEventToTheStateMachine() {
        // DescribeSource reads $.detail.bucket.name etc.: an input transformer would break it.
        var properties = Yamls.map(Yamls.at(SamTemplate.load().resource("OrderPipelineStateMachine").properties(),
                "Events", RULE, "Properties"));
        assertThat(properties).doesNotContainKeys("Input", "InputPath", "InputTransformer");
    }

    /**
     * The states that read the EventBridge event itself (INSPECT's request, DescribeSource and InspectFailed, which
     * keep what the rest needs) read only paths the sample event has; {@code $.inspection} is INSPECT's answer.
     */
    @Test
    void everyPathTheFirstStatesReadFromTheEventExistsInTheSampleEvent() {
        var asl = AslDefinition.load();
        var document = com.jayway.jsonpath.JsonPath.parse(createdEvent.toString());
        var checked = new java.util.ArrayList<String>();
        for (var templates : List.of(asl.state("Inspect").body().at("/Parameters/Payload/source"),
                asl.state("DescribeSource").body().path("Parameters"),
                asl.state("InspectFailed").body().path("Parameters"))) {
            templates.fields().forEachRemaining(field -> {
                var path = field.getValue().asText();
                if (field.getKey().endsWith(".$") && path.startsWith("$.detail")) {
                    Object value = document.read(path);
                    assertThat(value).as("%s in events/s3-object-created.json", path).isNotNull();
                    checked.add(path);
                }
            });
        }
        assertThat(checked).contains("$.detail.bucket.name", "$.detail.object.key", "$.detail.object.version-id",
                "$.detail.object.size", "$.detail.object.etag");
    }

    @Test
    void sampleUploadStartsAnExecution() throws Exception {
        assertThat(startsExecution(createdEvent)).isTrue();
    }

    @Test
    void uploadOutsideTheIncomingPrefixIsIgnored() throws Exception {
        var event = read("events/s3-object-created-wrong-prefix.json");
        assertThat(event.at("/detail/object/key").asText()).doesNotStartWith("incoming/");
        assertThat(startsExecution(event)).isFalse();
    }

    /**
     * Decision 2 (#12 §6): the rule forwards every object created under {@code incoming/}, whatever its suffix or its
     * suffix's case; the state machine picks the reader from the suffix ignoring case and answers anything else with
     * one FILE_ERROR and a failed execution, so an upload is never silently ignored. (Before, {@code orders.JSON}
     * matched no wildcard and nothing happened while docs/validation-rules.md called the suffix case-insensitive.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"incoming/orders.json", "incoming/orders.jsonl", "incoming/orders.csv",
            "incoming/2026/11/24/batch-0001.csv", "incoming/a.b.json", "incoming/orders.JSON", "incoming/orders.Jsonl",
            "incoming/ORDERS.CSV", "incoming/orders.txt", "incoming/orders.json.tmp", "incoming/orders.csv.gz",
            "incoming/no-suffix", "incoming/2026/"})
    void everyObjectCreatedUnderIncomingStartsAnExecution(String key) throws Exception {
        assertThat(startsExecution(withKey(key))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"map-results/abc/manifest.json", "incoming.json", "archive/incoming/orders.json",
            "Incoming/orders.json", "INCOMING/orders.json", "orders.json", "claims/incoming/orders.json"})
    void keysOutsideTheIncomingPrefixAreIgnored(String key) throws Exception {
        assertThat(startsExecution(withKey(key))).isFalse();
    }

    @Test
    void anotherBucketIsIgnored() throws Exception {
        var event = createdEvent.deepCopy();
        ((ObjectNode) event.at("/detail/bucket")).put("name", "someone-elses-bucket");
        assertThat(startsExecution(event)).isFalse();
    }

    @Test
    void otherS3EventsAreIgnored() throws Exception {
        var deleted = (ObjectNode) createdEvent.deepCopy();
        deleted.put("detail-type", "Object Deleted");
        assertThat(startsExecution(deleted)).isFalse();

        var spoofed = (ObjectNode) createdEvent.deepCopy();
        spoofed.put("source", "my.app");
        assertThat(startsExecution(spoofed)).isFalse();
    }
}
