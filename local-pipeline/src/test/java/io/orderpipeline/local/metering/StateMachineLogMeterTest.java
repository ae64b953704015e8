package io.orderpipeline.local.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskContext;
import io.orderpipeline.asl.spi.TaskIntegration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateMachineLogMeterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT = "arn:aws:states:::dynamodb:putItem";
    private static final String CHILD = "arn:aws:states:us-east-1:000000000000:express:sm/Batches:run:child-1";

    /** A child workflow as the pipeline's: a Task, then an inline Map whose iteration is one Task. */
    private static final JsonNode DEFINITION = read("""
            {"StartAt": "Validate", "States": {
              "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Write"},
              "Write": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Put",
                "States": {"Put": {"Type": "Task", "Resource": "%s", "End": true}}}, "End": true}}}
            """.formatted(PUT));

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final TaskIntegration SUCCEEDS = (resource, parameters, context) -> JSON.createObjectNode();
    private static final TaskIntegration CONFLICTS = (resource, parameters, context) -> {
        throw new StatesError("DynamoDB.ConditionalCheckFailedException", "The conditional request failed");
    };

    /** One child: the validator call, then {@code items} puts of which {@code conflicts} fail (and are caught). */
    private static StateMachineLogMeter child(HistoryLogLevel level, int items, int conflicts) {
        var meter = new StateMachineLogMeter(DEFINITION, level, false, "arn:aws:iam::000000000000:role/r", "us-east-1");
        var lambda = meter.wrap(resource -> SUCCEEDS).apply("arn:aws:states:::lambda:invoke");
        var put = meter.wrap(resource -> SUCCEEDS).apply(PUT);
        var conflict = meter.wrap(resource -> CONFLICTS).apply(PUT);
        meter.executionStarted(CHILD, ExecutionType.EXPRESS, true);
        meter.stateEntered(CHILD, "Validate");
        lambda.invoke("arn:aws:states:::lambda:invoke", JSON.createObjectNode(), new TaskContext(CHILD, "Validate", 1, null));
        meter.stateEntered(CHILD, "Write");
        for (int i = 0; i < items; i++) {
            meter.stateEntered(CHILD, "Put");
            var context = new TaskContext(CHILD, "Put", 1, null);
            if (i < conflicts) {
                assertThatThrownBy(() -> conflict.invoke(PUT, JSON.createObjectNode(), context)).isInstanceOf(StatesError.class);
            } else {
                put.invoke(PUT, JSON.createObjectNode(), context);
            }
        }
        meter.executionFinished(CHILD, ExecutionStatus.SUCCEEDED, true);
        return meter;
    }

    @Test
    void atAllEveryHistoryEventOfTheChildIsLoggedAndItsCountFollowsTheItems() {
        var ten = child(HistoryLogLevel.ALL, 10, 0);
        var twenty = child(HistoryLogLevel.ALL, 20, 0);

        // started + validate (entered, scheduled, started, succeeded, exited) + map (entered, started, succeeded,
        // exited) + per item (iteration started and succeeded, put entered, scheduled, started, succeeded, exited)
        // + succeeded
        assertThat(ten.events()).isEqualTo(1 + 5 + 4 + 10 * 7 + 1);
        assertThat(ten.loggedEvents()).isEqualTo(ten.events());
        assertThat(twenty.events() - ten.events()).isEqualTo(10 * 7);
        assertThat(twenty.loggedBytes()).isGreaterThan(ten.loggedBytes() * 17 / 10);
    }

    @Test
    void atErrorOnlyTheFailuresAreLoggedWithTheirErrorAndCause() {
        var clean = child(HistoryLogLevel.ERROR, 10, 0);
        var conflicts = child(HistoryLogLevel.ERROR, 10, 3);

        assertThat(clean.events()).isEqualTo(child(HistoryLogLevel.ALL, 10, 0).events());
        assertThat(clean.loggedEvents()).isZero();
        assertThat(clean.loggedBytes()).isZero();
        assertThat(conflicts.loggedEvents()).isEqualTo(3);
        var one = StateMachineLogMeter.render(CHILD, 9, "TaskFailed", "cause", "The conditional request failed",
                "error", "DynamoDB.ConditionalCheckFailedException", "resource", "putItem", "resourceType", "dynamodb");
        assertThat(conflicts.loggedBytes()).isBetween(3L * (one.length() - 2 + 26), 3L * (one.length() + 2 + 26));
    }

    @Test
    void atFatalOrOffNothingOfASucceedingRunIsLogged() {
        assertThat(child(HistoryLogLevel.FATAL, 10, 3).loggedEvents()).isZero();
        assertThat(child(HistoryLogLevel.OFF, 10, 3).loggedBytes()).isZero();
    }

    @Test
    void aRecordIsTheEventAsStepFunctionsWritesItWithoutExecutionData() throws Exception {
        var record = StateMachineLogMeter.render(CHILD, 3, "TaskScheduled", "region", "us-east-1", "resource",
                "putItem", "resourceType", "dynamodb");
        var json = JSON.readTree(record);

        assertThat(json.path("type").asText()).isEqualTo("TaskScheduled");
        assertThat(json.path("id").asText()).isEqualTo("3");
        assertThat(json.path("previous_event_id").asText()).isEqualTo("2");
        assertThat(json.path("execution_arn").asText()).isEqualTo(CHILD);
        assertThat(json.path("event_timestamp").asText()).hasSize(13);
        assertThat(json.path("details").path("resourceType").asText()).isEqualTo("dynamodb");
        assertThat(json.path("details").has("parameters")).isFalse();
        assertThat(record.getBytes(StandardCharsets.UTF_8).length).isEqualTo(record.length());
    }

    @Test
    void aTaskResourceIsNamedAsItsHistoryNamesIt() {
        assertThat(StateMachineLogMeter.TaskResource.of(PUT))
                .isEqualTo(new StateMachineLogMeter.TaskResource("dynamodb", "putItem"));
        assertThat(StateMachineLogMeter.TaskResource.of("arn:aws:states:::lambda:invoke"))
                .isEqualTo(new StateMachineLogMeter.TaskResource("lambda", "invoke"));
        assertThat(StateMachineLogMeter.TaskResource.of("arn:aws:lambda:us-east-1:1:function:f"))
                .isEqualTo(new StateMachineLogMeter.TaskResource("lambda", "invoke"));
    }

    @Test
    void levelsFollowAwsTable() {
        assertThat(HistoryLogLevel.of("ERROR").logs("TaskFailed")).isTrue();
        assertThat(HistoryLogLevel.of("ERROR").logs("TaskSucceeded")).isFalse();
        assertThat(HistoryLogLevel.of("ERROR").logs("FailStateEntered")).isTrue();
        assertThat(HistoryLogLevel.of("FATAL").logs("TaskFailed")).isFalse();
        assertThat(HistoryLogLevel.of("FATAL").logs("ExecutionFailed")).isTrue();
        assertThat(HistoryLogLevel.of(null)).isEqualTo(HistoryLogLevel.OFF);
    }
}
