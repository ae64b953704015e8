package io.orderpipeline.asl;

import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
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
    void theLimitIsCheckedAtEveryPointAwsDocuments() {
        String half = "x".repeat(140_000); // two of them are over 256 KiB, one is not
        String input = "{'a':'" + half + "'}";
        // a state's input after Parameters (a task's parameters)
        var parameters = run(single("{'Type':'Pass','Parameters':{'a.$':'$.a','b.$':'$.a'},'End':true}"), input);
        assertThat(parameters.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(parameters.cause()).contains("after Parameters");
        // a Parallel's aggregated result
        var parallel = run(single("""
                {'Type':'Parallel','End':true,'ResultSelector':{'n':1},'Branches':[
                  {'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}},
                  {'StartAt':'B','States':{'B':{'Type':'Pass','End':true}}}]}"""), input);
        assertThat(parallel.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(parallel.cause()).isEqualTo("The state/task 'S' returned a result with a size exceeding the maximum "
                + "number of bytes service limit.");
        // an inline Map iteration's input after ItemSelector
        var iteration = run(single("""
                {'Type':'Map','End':true,'ItemsPath':'$.items','ItemSelector':{'a.$':'$.a','b.$':'$.a'},
                 'ResultSelector':{'n':1},'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}"""),
                "{'a':'" + half + "','items':[1]}");
        assertThat(iteration.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(iteration.cause()).contains("ItemSelector");
        // a Catcher's output (the error output placed into a large input)
        var caught = run("""
                {'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'ResultPath':null,
                  'Branches':[{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'E','CausePath':'$.a'}}}],
                  'Catch':[{'ErrorEquals':['E'],'ResultPath':'$.error','Next':'Done'}]},
                 'Done':{'Type':'Succeed'}}}""", input);
        assertThat(caught.error()).isEqualTo("States.DataLimitExceeded");
        // the execution input
        var tooBig = run(single("{'Type':'Pass','End':true}"), "{'a':'" + half + half + "'}");
        assertThat(tooBig.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(tooBig.cause()).contains("execution input");
    }

    @Test
    void jsonataArgumentsAndOutputAreLimitedToo() {
        String half = "x".repeat(140_000);
        var output = Asl.fastExecutor().build().execute(Asl.rawJson("""
                {"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Pass","End":true,
                 "Output":"{% $states.input.a & $states.input.a %}"}}}"""), Asl.rawJson("{\"a\":\"" + half + "\"}"),
                ExecutionRequest.standard());
        assertThat(output.error()).isEqualTo("States.DataLimitExceeded");
        var arguments = Asl.fastExecutor().build().execute(Asl.rawJson("""
                {"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Parallel","End":true,
                 "Arguments":{"a":"{% $states.input.a %}","b":"{% $states.input.a %}"},
                 "Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","Output":1,"End":true}}}]}}}"""),
                Asl.rawJson("{\"a\":\"" + half + "\"}"), ExecutionRequest.standard());
        assertThat(arguments.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(arguments.cause()).contains("after Arguments");
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
