package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.SourceRef;
import io.orderpipeline.model.wire.DlqMessage;
import io.orderpipeline.model.wire.DlqMessages;
import io.orderpipeline.model.wire.Parking;

/**
 * The DLQ messages the state machine builds itself are the parking contract's ({@link Parking}, order-model): every
 * Pass state whose {@code Parameters} build a {@code body} with {@code reasons} is evaluated by the project's ASL
 * executor on a sample input, and the body and message attributes its {@code sqs:sendMessage} task sends are compared
 * with what the contract produces for the same values. States are found by what they build, never by name, so a
 * definition generated from one child-workflow source is held to the contract as it is.
 */
class AslParkingContractTest {

    private static final String ENTERED = "2026-11-24T10:00:00.123Z";
    private static final String RECORD_ID = "9a71c0d2e4f8b3a65d1e0f9c8b7a6d5e";
    private static final String EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:order-pipeline-order-pipeline:6b9f0c52";
    private static final Pattern FILE_ERROR_NAME = Pattern.compile("OrderFile\\.[A-Za-z]+");

    private final AslDefinition asl = AslDefinition.load();

    /** What one parking state built, and what its send task made of it. */
    private record Built(AslDefinition.State state, JsonNode output, String messageBody, JsonNode attributes) {
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) AslDefinition.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order's own attributes, as the validator puts them in {@code valid[].item}. */
    private static final ObjectNode ITEM = json("""
            {"orderId":{"S":"ORD-2026-000001"},"customerId":{"S":"CUST-0042"},"orderDate":{"S":"2026-11-20"},
             "currency":{"S":"EUR"},"totalAmount":{"N":"24.40"},
             "items":{"L":[{"M":{"sku":{"S":"SKU-RED-MUG"},"quantity":{"N":"2"},"unitPrice":{"N":"9.95"}}}]},
             "contentHash":{"S":"5f0c9a7e3b2d4c1f8e6a9b0c7d2e4f1a3b5c7d9e0f1a2b3c4d5e6f708192a3b4"}}""");
    /** The attributes every item of the batch shares ({@code $shared}). */
    private static final ObjectNode SHARED = json("""
            {"sourceBucket":{"S":"orders-bucket"},"sourceKey":{"S":"incoming/2026/11/orders.json"},
             "sourceVersion":{"S":"v1"},"executionId":{"S":"%s"},"ingestedAt":{"S":"2026-11-24T10:00:00Z"}}"""
            .formatted(EXECUTION));
    /** The child's BatchInput ({@code $batch}). */
    private static final ObjectNode BATCH = json("""
            {"bucket":"orders-bucket","key":"incoming/2026/11/orders.json","versionId":"v1","format":"JSON",
             "executionId":"%s"}""".formatted(EXECUTION));

    /**
     * One input holding what each kind of parking state reads: a write iteration's fields ({@code index},
     * {@code recordId}, {@code item}, the caught {@code error}) and the execution's state ({@code bucket}, {@code key},
     * {@code fileError}, …).
     */
    private static ObjectNode input(String error, String cause) {
        ObjectNode input = json("""
                {"index":7,"recordId":"%s","bucket":"orders-bucket","key":"incoming/2026/11/orders.json",
                 "versionId":"v1","etag":"e","executionId":"%s",
                 "fileError":{"Error":"OrderFile.Unreadable","Cause":"line 1, byte 29: not valid JSON [MALFORMED_JSON]"}}
                """.formatted(RECORD_ID, EXECUTION));
        input.set("item", ITEM);
        input.putObject("error").put("Error", error).put("Cause", cause);
        return input;
    }

    private static JsonNode evaluate(JsonNode template, JsonNode document, String where) {
        ObjectNode context = AslDefinition.JSON.createObjectNode();
        context.putObject("State").put("EnteredTime", ENTERED).put("Name", where);
        context.putObject("Execution").put("Id", EXECUTION);
        return AslDefinition.evaluate(template, document, context, Map.of("shared", SHARED, "batch", BATCH),
                "State '" + where + "'");
    }

    private List<AslDefinition.State> parkingStates() {
        return asl.statesOfType("Pass").stream()
                .filter(s -> s.body().path("Parameters").path("body").path("reasons").isArray()).toList();
    }

    private Built build(AslDefinition.State state, ObjectNode input) {
        JsonNode output = evaluate(state.body().path("Parameters"), input, state.name());
        JsonNode send = state.scope().path("States").path(state.body().path("Next").asText());
        assertThat(send.path("Resource").asText()).as("%s is followed by the DLQ send", state.name())
                .isEqualTo("arn:aws:states:::sqs:sendMessage");
        JsonNode request = evaluate(send.path("Parameters"), output, state.body().path("Next").asText());
        return new Built(state, output, request.path("MessageBody").asText(), request.path("MessageAttributes"));
    }

    /** What the contract makes of the sample values for the kind the state's body names. */
    private static DlqMessage expected(Built built, ObjectNode input) {
        DlqMessage asBuilt = DlqMessages.parse(built.messageBody());
        Instant entered = Instant.parse(ENTERED);
        if (asBuilt.kind() == DlqMessage.Kind.FILE) {
            return Parking.ofFile(new Parking.FileFailed(input.at("/fileError/Error").asText(),
                            input.at("/fileError/Cause").asText()),
                    new SourceRef(input.path("bucket").asText(), input.path("key").asText(),
                            input.path("versionId").asText()), input.path("etag").asText(),
                    input.path("executionId").asText(), entered);
        }
        Parking.WriteOutcome reason = switch (asBuilt.primaryReason()) {
            case DUPLICATE_ORDER_CONFLICT -> new Parking.Conflict(ITEM.at("/orderId/S").asText());
            case PROCESSING_ERROR -> new Parking.WriteFailed(input.at("/error/Error").asText(),
                    input.at("/error/Cause").asText());
            default -> fail("%s builds a %s body with %s, a kind the parking contract does not have",
                    built.state().name(), asBuilt.stage(), asBuilt.primaryReason());
        };
        ObjectNode stored = ITEM.deepCopy();
        stored.setAll(SHARED);
        return Parking.atWrite(reason, stored, new SourceRef(BATCH.path("bucket").asText(), BATCH.path("key").asText(),
                        BATCH.path("versionId").asText()), BATCH.path("executionId").asText(), entered, RECORD_ID,
                input.path("index").asLong());
    }

    /** The JSON without null-valued fields (the ASL writes {@code "recordId": null} where the contract leaves it out). */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = AslDefinition.JSON.createObjectNode();
            node.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = AslDefinition.JSON.createArrayNode();
            node.forEach(e -> copy.add(withoutNulls(e)));
            return copy;
        }
        return node;
    }

    private void assertMatchesTheContract(Built built, ObjectNode input) {
        DlqMessage expected = expected(built, input);
        String state = built.state().name();
        assertThat(DlqMessages.parse(built.messageBody())).as("%s: the body as the redrive reads it", state)
                .isEqualTo(expected);
        assertThat(withoutNulls(json(built.messageBody()))).as("%s: every field of the body", state)
                .isEqualTo(withoutNulls(json(DlqMessages.toJson(expected))));
        assertThat(built.attributes()).as("%s: the message attributes", state)
                .isEqualTo(DlqMessages.attributes(expected));
    }

    @Test
    void everyDlqBodyTheStateMachineBuildsIsTheParkingContracts() {
        var states = parkingStates();
        var kinds = new ArrayList<String>();
        for (var state : states) {
            // each with the error its own Catch would give it, when one leads to it
            ObjectNode input = input(sampleError(caughtError(state).orElse("States.ALL")), "the cause");
            Built built = build(state, input);
            assertMatchesTheContract(built, input);
            DlqMessage message = DlqMessages.parse(built.messageBody());
            kinds.add(message.kind() + " " + message.primaryReason());
        }
        assertThat(new TreeSet<>(kinds)).as("the kinds of parked record the state machine builds")
                .containsExactly("FILE FILE_ERROR", "ORDER DUPLICATE_ORDER_CONFLICT", "ORDER PROCESSING_ERROR");
    }

    @Test
    void aConditionalPutsConflictIsParkedAsAConflictAndAnyOtherFailureAsAWriteFailure() {
        var puts = asl.statesOfType("Task").stream()
                .filter(s -> s.body().path("Resource").asText().equals("arn:aws:states:::dynamodb:putItem")).toList();
        assertThat(puts).isNotEmpty();
        for (var put : puts) {
            var parked = EnumSet.noneOf(ReasonCode.class);
            for (JsonNode catcher : put.body().path("Catch")) {
                String error = catcher.path("ErrorEquals").get(0).asText();
                var target = put.scope().path("States").path(catcher.path("Next").asText());
                var state = new AslDefinition.State(catcher.path("Next").asText(), target, put.scope(), put.parent());
                ObjectNode input = input(sampleError(error), "The conditional request failed");
                Built built = build(state, input);
                assertMatchesTheContract(built, input);
                ReasonCode code = DlqMessages.parse(built.messageBody()).primaryReason();
                assertThat(code).as("%s catching %s", put.name(), error).isEqualTo(
                        error.equals("DynamoDB.ConditionalCheckFailedException")
                                ? ReasonCode.DUPLICATE_ORDER_CONFLICT : ReasonCode.PROCESSING_ERROR);
                assertThat(built.output().at("/outcome/reason").asText()).isEqualTo(code.name());
                assertThat(built.output().at("/outcome/outcome").asText()).isEqualTo("PARKED");
                assertThat(built.output().at("/unsent/reason").asText()).isEqualTo(code.name());
                parked.add(code);
            }
            assertThat(parked).as("what %s's Catchers park", put.name())
                    .containsExactlyInAnyOrder(ReasonCode.DUPLICATE_ORDER_CONFLICT, ReasonCode.PROCESSING_ERROR);
        }
    }

    @Test
    void everyFileErrorNameInTheDefinitionIsOneTheContractNames() {
        Set<String> named = new TreeSet<>();
        var m = FILE_ERROR_NAME.matcher(asl.text());
        while (m.find()) {
            named.add(m.group());
        }
        assertThat(named).isNotEmpty();
        for (String name : named) {
            assertThat(Parking.OrderFileError.named(name)).as("%s in the ASL", name).isPresent();
        }
    }

    /** An error a Catcher for {@code caught} receives: itself, or a real one for {@code States.ALL}. */
    private static String sampleError(String caught) {
        return caught.equals("States.ALL") ? "DynamoDB.ResourceNotFoundException" : caught;
    }

    /** The error of the Catcher whose Next is this state, when there is one. */
    private Optional<String> caughtError(AslDefinition.State state) {
        Map<String, String> byTarget = new HashMap<>();
        for (var s : asl.allStates()) {
            if (s.scope() == state.scope()) {
                s.body().path("Catch").forEach(c -> byTarget.putIfAbsent(c.path("Next").asText(),
                        c.path("ErrorEquals").get(0).asText()));
            }
        }
        return Optional.ofNullable(byTarget.get(state.name()));
    }
}
