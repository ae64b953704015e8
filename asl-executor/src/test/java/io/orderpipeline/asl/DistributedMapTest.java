package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.AslDefinitionException;
import io.orderpipeline.asl.api.ExecutionRequest;
import io.orderpipeline.asl.api.ExecutionResult;
import io.orderpipeline.asl.api.ExecutionStatus;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.spi.StatesError;
import io.orderpipeline.asl.spi.TaskIntegration;
import io.orderpipeline.asl.support.Asl;
import io.orderpipeline.asl.support.InMemoryObjectStore;
import io.orderpipeline.asl.support.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.rawJson;
import static org.assertj.core.api.Assertions.assertThat;

class DistributedMapTest {

    private static final String VALIDATE = "arn:aws:lambda:us-east-1:000000000000:function:Validator:live";

    @TempDir
    java.nio.file.Path spool;

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final RecordingListener listener = new RecordingListener();
    private final List<JsonNode> childInputs = new CopyOnWriteArrayList<>();
    private final List<String> childArns = new CopyOnWriteArrayList<>();

    /** Counts the batch's items (a single item without an ItemBatcher); fails batches holding an item with "bad": true. */
    private final TaskIntegration validator = (resource, parameters, context) -> {
        childInputs.add(parameters);
        childArns.add(context.executionArn());
        List<JsonNode> items = new java.util.ArrayList<>();
        if (parameters.has("Items")) {
            parameters.get("Items").forEach(items::add);
        } else {
            items.add(parameters);
        }
        for (JsonNode item : items) {
            if (item.path("bad").asBoolean() || item.path("bad").asText().equals("true")) {
                throw new StatesError("Order.Bad", "bad item " + item);
            }
        }
        return json("{'received':" + items.size() + "}");
    };

    private AslExecutor executor() {
        return Asl.fastExecutor().objectStore(store).listener(listener).spoolDirectory(spool)
                .integrations(r -> r.equals(VALIDATE) ? validator : null).build();
    }

    private static String machine(String readerConfig, String extra) {
        return """
                {'StartAt':'Process','States':{'Process':{'Type':'Map','End':true,
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':%s,
                    'Parameters':{'Bucket.$':'$.bucket','Key.$':'$.key'}},
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'Validate','States':{'Validate':{'Type':'Task','Resource':'%s','End':true}}}%s}}}"""
                .formatted(readerConfig, VALIDATE, extra);
    }

    private ExecutionResult run(String definition, String key) {
        return executor().execute(json(definition), json("{'bucket':'orders','key':'" + key + "'}"),
                new ExecutionRequest("arn:aws:states:us-east-1:000000000000:stateMachine:OrderPipeline", "run-1",
                        ExecutionType.STANDARD));
    }

    @Test
    void jsonArrayIsBatchedWithBatchInput() {
        store.with("orders", "in/a.json", "[{'id':1},{'id':2},{'id':3},{'id':4},{'id':5}]".replace('\'', '"'));
        var result = run(machine("{'InputType':'JSON'}", """
                ,'ItemBatcher':{'MaxItemsPerBatch':2,'BatchInput':{'key.$':'$.key','format':'JSON'}}"""), "in/a.json");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(json("[{'received':2},{'received':2},{'received':1}]"));
        assertThat(childInputs).contains(json("{'Items':[{'id':5}],'BatchInput':{'key':'in/a.json','format':'JSON'}}"));
        assertThat(result.stats().childExecutions()).isEqualTo(3);
        assertThat(result.stats().taskCallsByResource()).containsEntry(VALIDATE, 3L);
        assertThat(Set.copyOf(childArns)).hasSize(3)
                .allMatch(arn -> arn.startsWith("arn:aws:states:us-east-1:000000000000:express:OrderPipeline/Process:"));
        assertThat(listener.mapRuns).singleElement().satisfies(run -> {
            assertThat(run.totalItems()).isEqualTo(5);
            assertThat(run.totalChildren()).isEqualTo(3);
        });
        assertThat(listener.childrenFinished).extracting(RecordingListener.ChildFinished::itemsProcessed)
                .contains(5L);
    }

    @Test
    void jsonLinesAreReadLineByLine() {
        store.with("orders", "in/a.jsonl", "{\"id\":1}\n{\"id\":2}\n\n{\"id\":3}\n");
        var result = run(machine("{'InputType':'JSONL'}", ",'ItemBatcher':{'MaxItemsPerBatch':10}"), "in/a.jsonl");
        assertThat(result.output()).isEqualTo(json("[{'received':3}]"));
        assertThat(childInputs).containsExactly(json("{'Items':[{'id':1},{'id':2},{'id':3}]}"));
    }

    @Test
    void csvRowsBecomeObjectsOfStrings() {
        store.with("orders", "in/a.csv", "orderId,total,items\nORD-1,19.90,\"[{\"\"sku\"\":\"\"A\"\"}]\"\nORD-2,5,\n");
        var result = run(machine("{'InputType':'CSV','CSVHeaderLocation':'FIRST_ROW'}", ",'ItemBatcher':{'MaxItemsPerBatch':10}"),
                "in/a.csv");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(childInputs).containsExactly(rawJson("""
                {"Items":[{"orderId":"ORD-1","total":"19.90","items":"[{\\"sku\\":\\"A\\"}]"},
                          {"orderId":"ORD-2","total":"5","items":""}]}"""));
    }

    @Test
    void csvFollowsAwsRulesForShortAndLongRowsAndBackslashes() {
        // https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html
        store.with("orders", "in/r.csv", "a,b\n1\n1,2,3\nC:\\\\dir,x\\,y\n");
        run(machine("{'InputType':'CSV'}", ",'ItemBatcher':{'MaxItemsPerBatch':10}"), "in/r.csv");
        assertThat(childInputs).containsExactly(rawJson("""
                {"Items":[{"a":"1","b":""},{"a":"1","b":"2"},{"a":"C:\\\\dir","b":"x,y"}]}"""));
    }

    @Test
    void numbersAndTextOfJsonItemsArriveExactly() {
        store.with("orders", "in/n.json", "[{\"price\":9.950000000000000000000000000001,\"big\":1e400,\"z\":-0}]");
        run(machine("{'InputType':'JSON'}", ",'ItemBatcher':{'MaxItemsPerBatch':10}"), "in/n.json");
        assertThat(io.orderpipeline.asl.path.Json.write(childInputs.getFirst()))
                .isEqualTo("{\"Items\":[{\"price\":9.950000000000000000000000000001,\"big\":1e400,\"z\":-0}]}");
    }

    @Test
    void invalidUtf8OrALoneSurrogateFailsTheReaderInsteadOfBeingReplaced() {
        store.with("orders", "in/s.jsonl", "{\"name\":\"\\uD800\"}\n");
        var result = run(machine("{'InputType':'JSONL'}", ""), "in/s.jsonl");
        assertThat(result.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(result.cause()).contains("lone surrogate").contains("line 1");
        assertThat(childInputs).isEmpty();
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstHeader() {
        store.with("orders", "in/bom.csv", "\uFEFForderId,qty\nORD-1,2\n");
        run(machine("{'InputType':'CSV'}", ",'ItemBatcher':{'MaxItemsPerBatch':10}"), "in/bom.csv");
        assertThat(childInputs).containsExactly(json("{'Items':[{'orderId':'ORD-1','qty':'2'}]}"));
    }

    @Test
    void csvWithGivenHeadersHasNoHeaderRow() {
        store.with("orders", "in/b.csv", "ORD-1;7\nORD-2;8\n");
        run(machine("{'InputType':'CSV','CSVHeaderLocation':'GIVEN','CSVHeaders':['orderId','qty'],'CSVDelimiter':'SEMICOLON'}",
                ",'ItemBatcher':{'MaxItemsPerBatch':10}"), "in/b.csv");
        assertThat(childInputs).containsExactly(json("{'Items':[{'orderId':'ORD-1','qty':'7'},{'orderId':'ORD-2','qty':'8'}]}"));
    }

    @Test
    void versionIdPinsTheObjectVersion() {
        store.withVersion("orders", "v.json", "v1", "[{\"id\":\"old\"}]");
        store.with("orders", "v.json", "[{\"id\":\"new\"}]");
        var definition = json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON'},
                    'Parameters':{'Bucket':'orders','Key':'v.json','VersionId.$':'$.version'}},
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}}}""");
        var executor = Asl.fastExecutor().objectStore(store).build();
        assertThat(executor.execute(definition, json("{'version':'v1'}"), ExecutionRequest.standard()).output())
                .isEqualTo(json("[{'id':'old'}]"));
        assertThat(executor.execute(definition, json("{'version':null}"), ExecutionRequest.standard()).output())
                .isEqualTo(json("[{'id':'new'}]"));
    }

    @Test
    void maxItemsLimitsWhatIsRead() {
        store.with("orders", "in/a.json", "[1,2,3,4,5]");
        var result = Asl.fastExecutor().objectStore(store).build().execute(json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON','MaxItemsPath':'$.max'},
                    'Parameters':{'Bucket':'orders','Key':'in/a.json'}},
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}}}"""), json("{'max':2}"), ExecutionRequest.standard());
        assertThat(result.output()).isEqualTo(json("[1,2]"));
    }

    @Test
    void unreadableOrMalformedObjectsFailWithItemReaderFailedAndStartNothing() {
        store.with("orders", "bad.json", "[{\"id\":1},{\"id\":");
        store.with("orders", "bad.jsonl", "{\"id\":1}\n{oops}\n");
        store.with("orders", "empty.csv", "");
        store.with("orders", "object.json", "{\"id\":1}");
        store.with("orders", "unclosed.csv", "a,b\n1,\"2\n");
        assertThat(run(machine("{'InputType':'JSON'}", ""), "bad.json").error()).isEqualTo("States.ItemReaderFailed");
        var jsonl = run(machine("{'InputType':'JSONL'}", ""), "bad.jsonl");
        assertThat(jsonl.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(jsonl.cause()).contains("line 2");
        assertThat(run(machine("{'InputType':'CSV'}", ""), "empty.csv").cause()).contains("header");
        assertThat(run(machine("{'InputType':'JSON'}", ""), "object.json").error()).isEqualTo("States.ItemReaderFailed");
        assertThat(run(machine("{'InputType':'CSV'}", ""), "unclosed.csv").cause()).contains("never closed");
        assertThat(run(machine("{'InputType':'JSON'}", ""), "missing.json").error()).isEqualTo("States.ItemReaderFailed");
        assertThat(childInputs).isEmpty();
        assertThat(listener.childrenStarted).isEmpty();
    }

    @Test
    void itemReaderFailureCanBeCaught() {
        var result = run("""
                {'StartAt':'Process','States':{'Process':{'Type':'Map','Next':'Done',
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON'},
                    'Parameters':{'Bucket.$':'$.bucket','Key.$':'$.key'}},
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},
                  'Catch':[{'ErrorEquals':['States.ALL'],'ResultPath':'$.error','Next':'Failed'}]},
                 'Failed':{'Type':'Fail','Error':'OrderFile.Unreadable','CausePath':'$.error.Cause'},
                 'Done':{'Type':'Succeed'}}}""", "nothing-here.json");
        assertThat(result.error()).isEqualTo("OrderFile.Unreadable");
        assertThat(result.cause()).contains("nothing-here.json");
    }

    @Test
    void maxInputBytesPerBatchBoundsTheWholeChildInput() {
        var items = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"").append("x".repeat(90)).append(i % 10).append("\"}");
        }
        store.with("orders", "big.json", items.append(']').toString());
        run(machine("{'InputType':'JSON'}", ",'ItemBatcher':{'MaxInputBytesPerBatch':1000,'BatchInput':{'k':'v'}}"), "big.json");
        int total = 0;
        for (JsonNode input : childInputs) {
            assertThat(io.orderpipeline.asl.path.Json.sizeInBytes(input)).isLessThanOrEqualTo(1000);
            total += input.get("Items").size();
        }
        assertThat(total).isEqualTo(50);
        // items are 100 bytes (+1 comma); the empty frame {"Items":[],"BatchInput":{"k":"v"}} is 35: 9 items per batch
        assertThat(childInputs).allSatisfy(input -> assertThat(input.get("Items").size()).isLessThanOrEqualTo(9));
        assertThat(childInputs).hasSize(6);
    }

    @Test
    void batchSizesFromPaths() {
        store.with("orders", "a.json", "[1,2,3,4,5,6,7]");
        var result = Asl.fastExecutor().objectStore(store).build().execute(json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON'},
                    'Parameters':{'Bucket':'orders','Key':'a.json'}},
                  'ItemBatcher':{'MaxItemsPerBatchPath':'$.limits.items','MaxInputBytesPerBatchPath':'$.limits.bytes'},
                  'MaxConcurrencyPath':'$.limits.concurrency',
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','OutputPath':'$.Items','End':true}}}}}}"""),
                json("{'limits':{'items':3,'bytes':65536,'concurrency':2}}"), ExecutionRequest.standard());
        assertThat(result.output()).isEqualTo(json("[[1,2,3],[4,5,6],[7]]"));
    }

    @Test
    void pathFieldsAcceptNumbersWrittenAsStrings() {
        // AWS ran MaxItemsPerBatchPath / MaxInputBytesPerBatchPath / ToleratedFailure*Path on variables holding "2",
        // "15000", "1" (LocalStack's AWS-recorded test_assign_reference_variables MAP_STATE_REFERENCE_IN_* cases)
        store.with("orders", "a.json", "[1,2,3,4,5]");
        var result = Asl.fastExecutor().objectStore(store).build().execute(json("""
                {'StartAt':'Vars','States':{
                 'Vars':{'Type':'Pass','Assign':{'items':'2','bytes':'15000','count':'1','percentage':'1'},'Next':'M'},
                 'M':{'Type':'Map','End':true,
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON'},
                    'Parameters':{'Bucket':'orders','Key':'a.json'}},
                  'ItemBatcher':{'MaxItemsPerBatchPath':'$items','MaxInputBytesPerBatchPath':'$bytes'},
                  'ToleratedFailureCountPath':'$count','ToleratedFailurePercentagePath':'$percentage',
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','OutputPath':'$.Items','End':true}}}}}}"""),
                json("{}"), ExecutionRequest.standard());
        assertThat(result.output()).isEqualTo(json("[[1,2],[3,4],[5]]"));
    }

    @Test
    void anyFailedItemFailsTheMapRunByDefault() {
        store.with("orders", "a.json", "[{\"id\":1},{\"id\":2,\"bad\":true},{\"id\":3}]");
        var result = run(machine("{'InputType':'JSON'}", ""), "a.json");
        assertThat(result.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void toleratedFailuresLetTheMapRunSucceed() {
        store.with("orders", "a.json", "[{\"id\":1},{\"id\":2,\"bad\":true},{\"id\":3},{\"id\":4}]");
        var result = run(machine("{'InputType':'JSON'}", ",'ToleratedFailurePercentage':25"), "a.json");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().get(0)).isEqualTo(json("{'received':1}"));
        assertThat(result.output().get(1).get("Status").asText()).isEqualTo("FAILED");
        assertThat(result.output().get(1).get("Error").asText()).isEqualTo("Order.Bad");

        var counted = run(machine("{'InputType':'JSON'}", ",'ToleratedFailureCount':0"), "a.json");
        assertThat(counted.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void toleranceCountsItemsOfFailedBatches() {
        store.with("orders", "a.json", "[{\"id\":1,\"bad\":true},{\"id\":2},{\"id\":3},{\"id\":4}]");
        // the failed batch holds 2 of 4 items: 50% > 40%
        var result = run(machine("{'InputType':'JSON'}",
                ",'ItemBatcher':{'MaxItemsPerBatch':2},'ToleratedFailurePercentage':40"), "a.json");
        assertThat(result.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        var tolerated = run(machine("{'InputType':'JSON'}",
                ",'ItemBatcher':{'MaxItemsPerBatch':2},'ToleratedFailureCountPath':'$.tolerate'"), "a.json");
        assertThat(tolerated.error()).isEqualTo("States.Runtime"); // $.tolerate is not in the input
    }

    @Test
    void resultWriterWritesManifestAndResultFiles() {
        store.with("orders", "a.json", "[{\"id\":1},{\"id\":2,\"bad\":true},{\"id\":3}]");
        var result = run(machine("{'InputType':'JSON'}", """
                ,'ToleratedFailureCount':1,
                 'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Parameters':{'Bucket':'results','Prefix':'map-results/'}}"""),
                "a.json");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = result.output();
        String mapRunArn = output.get("MapRunArn").asText();
        assertThat(mapRunArn).startsWith("arn:aws:states:us-east-1:000000000000:mapRun:OrderPipeline/Process:");
        String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        assertThat(output.get("ResultWriterDetails")).isEqualTo(json(
                "{'Bucket':'results','Key':'map-results/" + runId + "/manifest.json'}"));

        JsonNode manifest = json(store.text("results", "map-results/" + runId + "/manifest.json").replace('\'', '"'));
        assertThat(manifest.get("DestinationBucket").asText()).isEqualTo("results");
        assertThat(manifest.get("MapRunArn").asText()).isEqualTo(mapRunArn);
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText()).isEqualTo("map-results/" + runId + "/SUCCEEDED_0.json");
        assertThat(manifest.at("/ResultFiles/FAILED/0/Key").asText()).isEqualTo("map-results/" + runId + "/FAILED_0.json");
        assertThat(manifest.at("/ResultFiles/PENDING")).isEmpty();

        String succeededText = store.text("results", "map-results/" + runId + "/SUCCEEDED_0.json");
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Size").asLong())
                .isEqualTo(succeededText.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        JsonNode succeeded = rawJson(succeededText);
        assertThat(succeeded).hasSize(2);
        // entries are in the order the children ended (AWS documents none): find the first item's child by its input
        JsonNode first = null;
        for (JsonNode entry : succeeded) {
            if (rawJson(entry.get("Input").asText()).equals(json("{'id':1}"))) {
                first = entry;
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(rawJson(first.get("Output").asText())).isEqualTo(json("{'received':1}"));
        JsonNode failed = rawJson(store.text("results", "map-results/" + runId + "/FAILED_0.json"));
        assertThat(failed).singleElement().satisfies(entry -> {
            assertThat(entry.get("Error").asText()).isEqualTo("Order.Bad");
            assertThat(entry.has("Output")).isFalse();
        });
    }

    @Test
    void resultWriterFailureIsResultWriterFailed() {
        store.with("orders", "a.json", "[1]");
        var result = Asl.fastExecutor().objectStore(store).build().execute(json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Parameters':{'Bucket':'read-only-bucket','Prefix':'x'}},
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}}}"""), json("[1]"), ExecutionRequest.standard());
        assertThat(result.error()).isEqualTo("States.ResultWriterFailed");
    }

    @Test
    void withoutResultWriterTheAggregatedResultIsSubjectToThePayloadLimit() {
        var items = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            items.append(i == 0 ? "" : ",").append('"').append("y".repeat(1000)).append('"');
        }
        var definition = json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','Result':'z','End':true}}}}}}""".replace("'z'", "'" + "z".repeat(1000) + "'"));
        var result = Asl.fastExecutor().build().execute(definition, json("[" + "1,".repeat(299) + "1]"), ExecutionRequest.standard());
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void itemSelectorSeesMapItemIndexAndValue() {
        store.with("orders", "a.json", "[{\"id\":\"a\"},{\"id\":\"b\"}]");
        var result = Asl.fastExecutor().objectStore(store).build().execute(json("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                  'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON'},
                    'Parameters':{'Bucket':'orders','Key':'a.json'}},
                  'ItemSelector':{'n.$':'$$.Map.Item.Index','order.$':'$$.Map.Item.Value.id','run.$':'$.run'},
                  'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},
                    'StartAt':'P','States':{'P':{'Type':'Pass','Parameters':{'item.$':'$','exec.$':'$$.Execution.Input'},'End':true}}}}}}"""),
                json("{'run':7}"), ExecutionRequest.standard());
        assertThat(result.output()).isEqualTo(json("""
                [{'item':{'n':0,'order':'a','run':7},'exec':{'n':0,'order':'a','run':7}},
                 {'item':{'n':1,'order':'b','run':7},'exec':{'n':1,'order':'b','run':7}}]"""));
    }

    @Test
    void aLargeObjectIsBatchedInOrderAndEveryChildsResultIsWrittenAtMostMaxConcurrencyAtATime() throws Exception {
        int items = 5_000;
        var file = new StringBuilder();
        for (int i = 0; i < items; i++) {
            file.append("{\"id\":").append(i).append("}\n");
        }
        store.with("orders", "in/big.jsonl", file.toString());
        var running = new java.util.concurrent.atomic.AtomicInteger();
        var mostRunning = new java.util.concurrent.atomic.AtomicInteger();
        TaskIntegration counting = (resource, parameters, context) -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(0, 100_000);
                return validator.invoke(resource, parameters, context);
            } catch (InterruptedException e) {
                throw new StatesError("States.Runtime", "interrupted");
            } finally {
                running.decrementAndGet();
            }
        };
        var result = Asl.fastExecutor().objectStore(store).listener(listener).spoolDirectory(spool)
                .integrations(r -> r.equals(VALIDATE) ? counting : null).build()
                .execute(json(machine("{'InputType':'JSONL'}", """
                        ,'ItemSelector':{'index.$':'$$.Map.Item.Index','id.$':'$$.Map.Item.Value.id'},
                         'ItemBatcher':{'MaxItemsPerBatch':7},'MaxConcurrency':3,
                         'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Parameters':{'Bucket':'results','Prefix':'out'}}""")),
                        json("{'bucket':'orders','key':'in/big.jsonl'}"), ExecutionRequest.standard());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        int children = (items + 6) / 7;
        assertThat(childInputs).hasSize(children);
        assertThat(mostRunning.get()).isBetween(1, 3);
        var seen = new java.util.BitSet();
        for (JsonNode input : childInputs) {
            JsonNode batch = input.get("Items");
            int first = batch.get(0).get("index").asInt();
            assertThat(first % 7).isZero(); // batches are runs of consecutive items
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.get(i)).isEqualTo(json("{'index':" + (first + i) + ",'id':" + (first + i) + "}"));
                seen.set(first + i);
            }
        }
        assertThat(seen.cardinality()).isEqualTo(items);
        assertThat(listener.mapRuns).singleElement().satisfies(run -> {
            assertThat(run.totalItems()).isEqualTo(items);
            assertThat(run.totalChildren()).isEqualTo(children);
        });

        String manifestKey = result.output().at("/ResultWriterDetails/Key").asText();
        JsonNode manifest = rawJson(store.text("results", manifestKey));
        String succeededKey = manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText();
        String succeeded = store.text("results", succeededKey);
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Size").asLong())
                .isEqualTo(succeeded.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(rawJson(succeeded)).hasSize(children)
                .allSatisfy(entry -> assertThat(entry.get("Status").asText()).isEqualTo("SUCCEEDED"));
        assertThat(manifest.at("/ResultFiles/FAILED")).isEmpty();
        try (var left = java.nio.file.Files.list(spool)) {
            assertThat(left).as("the spooled inputs and results are deleted when the map run ends").isEmpty();
        }
    }

    @Test
    void aFailureWhileReadingLeavesNoSpoolBehind() throws Exception {
        var file = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            file.append("{\"id\":").append(i).append("}\n");
        }
        store.with("orders", "in/late.jsonl", file.append("{oops}\n").toString());
        var result = run(machine("{'InputType':'JSONL'}", ",'ItemBatcher':{'MaxItemsPerBatch':10}"), "in/late.jsonl");
        assertThat(result.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(result.cause()).contains("line 501");
        assertThat(childInputs).isEmpty();
        try (var left = java.nio.file.Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anItemSelectorFailureOnALateItemFailsTheStateWithItsOwnErrorAndStartsNothing() {
        store.with("orders", "in/sel.jsonl", "{\"id\":1,\"n\":{}}\n{\"id\":2}\n");
        var result = run(machine("{'InputType':'JSONL'}", ",'ItemSelector':{'n.$':'$$.Map.Item.Value.n'}"), "in/sel.jsonl");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(childInputs).isEmpty();
    }

    @Test
    void withoutResultWriterALargeMapRunStillFailsThePayloadLimitAfterEveryChildRan() {
        var file = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            file.append("{\"id\":").append(i).append(",\"pad\":\"").append("p".repeat(100)).append("\"}\n");
        }
        store.with("orders", "in/wide.jsonl", file.toString());
        var result = Asl.fastExecutor().objectStore(store).listener(listener).spoolDirectory(spool).build()
                .execute(json("""
                        {'StartAt':'M','States':{'M':{'Type':'Map','End':true,
                          'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSONL'},
                            'Parameters':{'Bucket':'orders','Key':'in/wide.jsonl'}},
                          'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},
                            'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}}}}"""), json("{}"),
                        ExecutionRequest.standard());
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(listener.childrenFinished).hasSize(3_000);
    }

    @Test
    void readerNeedsAnObjectStore() {
        var executor = Asl.fastExecutor().integrations(r -> validator).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> executor.validate(json(machine("{'InputType':'JSON'}", ""))))
                .isInstanceOf(AslDefinitionException.class).hasMessageContaining("ObjectStore");
    }
}
