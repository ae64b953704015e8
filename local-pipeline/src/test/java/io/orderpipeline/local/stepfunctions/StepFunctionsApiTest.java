package io.orderpipeline.local.stepfunctions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AWS SDK's own Step Functions client reads serve's executions as it reads AWS's. */
class StepFunctionsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:order-pipeline-local-order-pipeline";
    private static final String ALIAS = MACHINE + ":live";

    private final Executions executions = new Executions();
    private final StepFunctionsApi api = StepFunctionsApi.start(executions, MACHINE, ALIAS);
    private final SfnClient sfn = SfnClient.builder().endpointOverride(api.endpoint()).region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
            .httpClient(UrlConnectionHttpClient.create()).build();

    @AfterEach
    void stop() {
        sfn.close();
        api.close();
    }

    private String start(String name, String key) {
        var arn = MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
        executions.started(arn, MACHINE, ALIAS, name, JSON.createObjectNode().set("detail",
                JSON.createObjectNode().set("object", JSON.createObjectNode().put("key", key))));
        return arn;
    }

    @Test
    void executionsAreListedNewestFirstByTheMachineOrItsAliasAndDescribedWithTheirInputAndEnd() throws Exception {
        var first = start("first", "incoming/a.json");
        var second = start("second", "incoming/b.json");
        executions.ended(first, new ExecutionResult(ExecutionStatus.SUCCEEDED, JSON.readTree("{\"ok\":true}"), null, null, null));
        executions.ended(second, new ExecutionResult(ExecutionStatus.FAILED, null, "OrderFile.Unreadable", "line 1", null));

        for (var arn : new String[] {MACHINE, ALIAS}) {
            var listed = sfn.listExecutions(b -> b.stateMachineArn(arn)).executions();
            assertThat(listed).extracting(ExecutionListItem::name).containsExactly("second", "first");
            assertThat(listed).extracting(ExecutionListItem::statusAsString).containsExactly("FAILED", "SUCCEEDED");
            assertThat(listed.getFirst().startDate()).isNotNull();
            assertThat(listed.getFirst().stopDate()).isAfterOrEqualTo(listed.getFirst().startDate());
        }
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(MACHINE).statusFilter("SUCCEEDED")).executions())
                .extracting(ExecutionListItem::executionArn).containsExactly(first);

        var described = sfn.describeExecution(b -> b.executionArn(second));
        assertThat(described.statusAsString()).isEqualTo("FAILED");
        assertThat(described.error()).isEqualTo("OrderFile.Unreadable");
        assertThat(described.cause()).isEqualTo("line 1");
        assertThat(described.stateMachineAliasArn()).isEqualTo(ALIAS);
        assertThat(JSON.readTree(described.input()).at("/detail/object/key").asText()).isEqualTo("incoming/b.json");
        assertThat(sfn.describeExecution(b -> b.executionArn(first)).output()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void aRunningExecutionHasNoStopDateAndPagesFollowTheirToken() {
        for (int i = 0; i < 5; i++) {
            start("e" + i, "incoming/" + i + ".json");
        }
        var names = new ArrayList<String>();
        sfn.listExecutionsPaginator(b -> b.stateMachineArn(MACHINE).maxResults(2)).forEach(page -> {
            assertThat(page.executions().size()).isLessThanOrEqualTo(2);
            page.executions().forEach(e -> names.add(e.name()));
        });
        assertThat(names).containsExactly("e4", "e3", "e2", "e1", "e0");
        var running = sfn.describeExecution(b -> b.executionArn(MACHINE.replace(":stateMachine:", ":execution:") + ":e0"));
        assertThat(running.statusAsString()).isEqualTo("RUNNING");
        assertThat(running.stopDate()).isNull();
    }

    @Test
    void anUnknownExecutionOrMachineAndAnyOtherOperationAreTheServicesErrors() {
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(MACHINE.replace(":stateMachine:", ":execution:") + ":nope")))
                .isInstanceOf(ExecutionDoesNotExistException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(MACHINE + "-other")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE).input("{}")))
                .isInstanceOf(SfnException.class).hasMessageContaining("ListExecutions and DescribeExecution only");
    }
}
