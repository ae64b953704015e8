package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.run;
import static io.orderpipeline.asl.support.Asl.single;
import static org.assertj.core.api.Assertions.assertThat;

class InlineMapTest {

    private static final String SLOW = "arn:aws:states:::test:slow";

    /** Sleeps a little at random and echoes its input; tracks the highest number of concurrent calls. */
    private static final class SlowEcho implements TaskIntegration {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        @Override
        public JsonNode invoke(String resource, JsonNode parameters, io.orderpipeline.asl.spi.TaskContext context) {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return parameters;
        }
    }

    @Test
    void resultsKeepItemOrderAndConcurrencyStaysWithinMaxConcurrency() {
        var echo = new SlowEcho();
        var executor = Asl.fastExecutor().integrations(r -> r.equals(SLOW) ? echo : null).build();
        var items = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        var result = run(executor, single("""
                {'Type':'Map','ItemsPath':'$.items','MaxConcurrency':5,'End':true,
                 'ItemProcessor':{'StartAt':'T','States':{
                   'T':{'Type':'Task','Resource':'%s','Next':'Wrap'},
                   'Wrap':{'Type':'Pass','Parameters':{'v.$':'$'},'OutputPath':'$.v','End':true}}}}"""
                .formatted(SLOW)), "{'items':" + items + "]}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(result.output().get(i).asInt()).isEqualTo(i);
        }
        assertThat(echo.peak.get()).isBetween(2, 5);
    }

    @Test
    void itemSelectorSeesTheMapItemContext() {
        var result = run(single("""
                {'Type':'Map','ItemsPath':'$.orders','End':true,
                 'ItemSelector':{'index.$':'$$.Map.Item.Index','order.$':'$$.Map.Item.Value','source.$':'$.source'},
                 'ItemProcessor':{'ProcessorConfig':{'Mode':'INLINE'},'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}"""),
                "{'source':'s3','orders':[{'id':'a'},{'id':'b'}]}");
        assertThat(result.output()).isEqualTo(json("""
                [{'index':0,'order':{'id':'a'},'source':'s3'},{'index':1,'order':{'id':'b'},'source':'s3'}]"""));
    }

    @Test
    void legacyIteratorAndParametersStillWork() {
        var result = run(single("""
                {'Type':'Map','ItemsPath':'$.xs','End':true,'ResultPath':'$.out',
                 'Parameters':{'x.$':'$$.Map.Item.Value'},
                 'Iterator':{'StartAt':'P','States':{'P':{'Type':'Pass','InputPath':'$.x','End':true}}}}"""),
                "{'xs':[3,4]}");
        assertThat(result.output()).isEqualTo(json("{'xs':[3,4],'out':[3,4]}"));
    }

    @Test
    void aFailingIterationFailsTheMap() {
        var result = run(single("""
                {'Type':'Map','End':true,'ItemProcessor':{'StartAt':'C','States':{
                   'C':{'Type':'Choice','Choices':[{'Variable':'$','NumericEquals':3,'Next':'F'}],'Default':'OK'},
                   'F':{'Type':'Fail','Error':'Item.Bad','Cause':'three'},
                   'OK':{'Type':'Pass','End':true}}}}"""), "[1,2,3,4]");
        assertThat(result.error()).isEqualTo("Item.Bad");
    }

    @Test
    void itemsPathNotAnArrayIsRuntimeError() {
        var result = run(single("""
                {'Type':'Map','ItemsPath':'$.x','End':true,'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}"""),
                "{'x':{'not':'array'}}");
        assertThat(result.error()).isEqualTo("States.Runtime");
    }

    @Test
    void maxConcurrencyPathIsRead() {
        var echo = new SlowEcho();
        var executor = Asl.fastExecutor().integrations(r -> echo).build();
        var result = run(executor, single("""
                {'Type':'Map','ItemsPath':'$.xs','MaxConcurrencyPath':'$.limit','End':true,
                 'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','End':true}}}}""".formatted(SLOW)),
                "{'limit':1,'xs':[1,2,3,4,5,6,7,8]}");
        assertThat(result.output()).isEqualTo(json("[1,2,3,4,5,6,7,8]"));
        assertThat(echo.peak.get()).isEqualTo(1);
    }


    @Test
    void maxConcurrencyPathAcceptsAnIntegerStringAndRejectsOtherTextTheWayAwsDoes() {
        var echo = new SlowEcho();
        var executor = Asl.fastExecutor().integrations(r -> echo).build();
        String map = single("""
                {'Type':'Map','ItemsPath':'$.xs','MaxConcurrencyPath':'$.limit','End':true,
                 'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','End':true}}}}""".formatted(SLOW));
        var result = run(executor, map, "{'limit':'1','xs':[1,2,3,4]}");
        assertThat(result.output()).isEqualTo(json("[1,2,3,4]"));
        assertThat(echo.peak.get()).isEqualTo(1);

        var wrong = run(executor, map, "{'limit':'NoNumber','xs':[1]}");
        assertThat(wrong.error()).isEqualTo("States.Runtime");
        assertThat(wrong.cause()).isEqualTo(
                "The MaxConcurrencyPath field refers to value \"NoNumber\" which is not a valid integer: $.limit");
    }
    @Test
    void transitionsCountEveryStateOfEveryIteration() {
        var result = run(single("""
                {'Type':'Map','End':true,'ItemProcessor':{'StartAt':'A','States':{
                   'A':{'Type':'Pass','Next':'B'},'B':{'Type':'Pass','End':true}}}}"""), "[1,2,3]");
        // the Map state itself + 3 iterations × 2 states
        assertThat(result.stats().stateTransitions()).isEqualTo(7);
        // ExecutionStarted, MapStateEntered, MapStateStarted, 3 × (IterationStarted, 2 × (Entered, Exited), IterationSucceeded),
        // MapStateSucceeded, MapStateExited, ExecutionSucceeded
        assertThat(result.stats().historyEvents()).isEqualTo(1 + 2 + 3 * 6 + 2 + 1);
    }
}
