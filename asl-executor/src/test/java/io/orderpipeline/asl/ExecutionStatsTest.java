package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionStats;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.orderpipeline.asl.support.Asl.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Transitions and history events, counted the way docs/asl-executor.md describes. */
class ExecutionStatsTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:F";

    @Test
    void taskWithOneRetryCountsTransitionsHistoryAndCalls() {
        var calls = new AtomicInteger();
        TaskIntegration onceFlaky = (r, p, c) -> {
            if (calls.getAndIncrement() == 0) {
                throw new StatesError("Lambda.ServiceException", "flaky");
            }
            return p;
        };
        var result = Asl.fastExecutor().integrations(r -> onceFlaky).build().execute(json("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','Next':'Done',
                   'Retry':[{'ErrorEquals':['Lambda.ServiceException']}]},'Done':{'Type':'Succeed'}}}""".formatted(FN)),
                json("{}"), ExecutionRequest.standard());
        ExecutionStats stats = result.stats();
        assertThat(stats.stateTransitions()).isEqualTo(3); // T, its retry, Done
        // ExecutionStarted; TaskStateEntered; 2 × (Scheduled, Started, Failed/Succeeded); TaskStateExited;
        // SucceedStateEntered, SucceedStateExited; ExecutionSucceeded
        assertThat(stats.historyEvents()).isEqualTo(1 + 1 + 6 + 1 + 2 + 1);
        assertThat(stats.taskCallsByResource()).containsEntry(FN, 2L);
        assertThat(stats.childExecutions()).isZero();
    }

    @Test
    void childStatsAreFoldedIntoTheParent() {
        TaskIntegration echo = (r, p, c) -> p;
        var result = Asl.fastExecutor().integrations(r -> echo).build().execute(json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','Next':'P'},'P':{'Type':'Pass','End':true}}}}}}"""
                .formatted(FN)), json("[1,2,3]"), ExecutionRequest.standard());
        ExecutionStats stats = result.stats();
        assertThat(stats.stateTransitions()).isEqualTo(1);
        assertThat(stats.childExecutions()).isEqualTo(3);
        assertThat(stats.childStateTransitions()).isEqualTo(6);
        assertThat(stats.mapRuns()).isEqualTo(1);
        assertThat(stats.taskCallsByResource()).containsEntry(FN, 3L);
        assertThat(stats.childDurationMillis()).isGreaterThanOrEqualTo(0);
        JsonNode output = result.output();
        assertThat(output).isEqualTo(json("[1,2,3]"));
    }
}
