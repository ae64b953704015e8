package io.orderpipeline.asl;

import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.support.Asl;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

class ContextObjectTest {

    @Test
    void contextObjectDescribesExecutionStateMachineAndState() {
        var clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00.123Z"), ZoneOffset.UTC);
        var executor = Asl.fastExecutor().clock(clock).build();
        var result = executor.execute(json(single("{'Type':'Pass','Parameters':{'ctx.$':'$$'},'OutputPath':'$.ctx','End':true}")),
                json("{'a':1}"), new ExecutionRequest("arn:aws:states:eu-west-1:111122223333:stateMachine:OrderPipeline",
                        "exec-7", ExecutionType.STANDARD));
        assertThat(result.output()).isEqualTo(json("""
                {'Execution':{'Id':'arn:aws:states:eu-west-1:111122223333:execution:OrderPipeline:exec-7',
                  'Input':{'a':1},'Name':'exec-7','RoleArn':'arn:aws:iam::111122223333:role/OrderPipeline-role',
                  'StartTime':'2026-11-24T12:00:00.123Z','RedriveCount':0},
                 'State':{'EnteredTime':'2026-11-24T12:00:00.123Z','Name':'S'},
                 'StateMachine':{'Id':'arn:aws:states:eu-west-1:111122223333:stateMachine:OrderPipeline','Name':'OrderPipeline'}}"""));
    }

    @Test
    void retryCountIsShownOnlyInStatesThatCanRetry() {
        // a Pass state's State holds EnteredTime and Name only (AWS-recorded: test_base.test_query_context_object_values)
        var pass = Asl.fastExecutor().build().execute(json(single("{'Type':'Pass','Parameters':{'s.$':'$$.State'},'End':true}")),
                json("{}"), ExecutionRequest.standard());
        assertThat(pass.output().get("s").has("RetryCount")).isFalse();
        var parallel = Asl.fastExecutor().build().execute(json(single("""
                {'Type':'Parallel','Parameters':{'s.$':'$$.State'},'OutputPath':'$[0].s','End':true,
                 'Branches':[{'StartAt':'B','States':{'B':{'Type':'Pass','End':true}}}]}""")),
                json("{}"), ExecutionRequest.standard());
        assertThat(parallel.output()).isEqualTo(json("{'EnteredTime':'%s','Name':'S','RetryCount':0}"
                .formatted(parallel.output().get("EnteredTime").asText())));
    }

    @Test
    void expressExecutionsHaveExpressArns() {
        var result = Asl.fastExecutor().build().execute(json(single("{'Type':'Pass','Parameters':{'id.$':'$$.Execution.Id'},'End':true}")),
                json("{}"), new ExecutionRequest(null, "e1", ExecutionType.EXPRESS));
        assertThat(result.output().get("id").asText())
                .startsWith("arn:aws:states:us-east-1:000000000000:express:LocalStateMachine:e1:");
    }
}
