package io.orderpipeline.asl;

import io.orderpipeline.asl.support.Asl;
import io.orderpipeline.asl.support.InMemoryObjectStore;
import org.junit.jupiter.api.Test;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.run;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

/** 256 KiB payloads and the 25,000-event history of STANDARD executions. */
class LimitsTest {

    private static String items(int count) {
        var json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(i % 10);
        }
        return json.append(']').toString();
    }

    @Test
    void stateOutputLargerThan256KiBFails() {
        String justOver = "x".repeat(262_144 - 1); // the quotes make it 262,145 bytes
        var result = run(single("{'Type':'Pass','Result':'" + justOver + "','End':true}"), "{}");
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        var fits = run(single("{'Type':'Pass','Result':'" + "x".repeat(262_144 - 2) + "','End':true}"), "{}");
        assertThat(fits.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void payloadSizeIsMeasuredInUtf8Bytes() {
        String euros = "€".repeat(90_000); // 3 bytes each: 270,000 bytes
        var result = run(single("{'Type':'Pass','Result':'" + euros + "','End':true}"), "{}");
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void inlineMapOverTenThousandItemsExceedsTheStandardHistory() {
        String definition = single("""
                {'Type':'Map','End':true,'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}""");
        var result = run(definition, items(10_000));
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("history");
        assertThat(result.stats().historyEvents()).isEqualTo(25_000);

        var express = Asl.fastExecutor().build().execute(json(definition), json(items(10_000)), ExecutionRequest.express());
        assertThat(express.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(express.stats().historyEvents()).isGreaterThan(25_000);
    }

    @Test
    void distributedMapWithExpressChildrenKeepsTheParentHistorySmall() {
        var executor = Asl.fastExecutor().objectStore(new InMemoryObjectStore()).build();
        var result = executor.execute(json(single("""
                {'Type':'Map','End':true,'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                  'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}""")), json(items(10_000)), ExecutionRequest.standard());
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).hasSize(10_000);
        assertThat(result.stats().historyEvents()).isEqualTo(8);
        assertThat(result.stats().childExecutions()).isEqualTo(10_000);
        assertThat(result.stats().childStateTransitions()).isEqualTo(10_000);
        assertThat(result.stats().stateTransitions()).isEqualTo(1);
        assertThat(result.stats().mapRuns()).isEqualTo(1);
    }
}
