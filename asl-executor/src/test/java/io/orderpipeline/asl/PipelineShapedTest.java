package io.orderpipeline.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.orderpipeline.asl.support.Asl.json;
import static io.orderpipeline.asl.support.Asl.rawJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The features the order pipeline combines, in one definition shaped like statemachine/order-pipeline.asl.json:
 * event → Pass with intrinsics → Choice on the key suffix → Distributed Map (CSV reader, batches, EXPRESS children,
 * ResultWriter) → child: Lambda with ResultSelector, Retry and Catch → inline Maps reading $$.Execution.Input.
 */
class PipelineShapedTest {

    private static final String DEFINITION = """
            {"StartAt":"DescribeSource","States":{
              "DescribeSource":{"Type":"Pass","Next":"ChooseReader","Parameters":{
                "bucket.$":"$.detail.bucket.name","key.$":"$.detail.object.key","versionId.$":"$.detail.object.version-id",
                "executionId.$":"$$.Execution.Id",
                "limits":{"maxItemsPerBatch.$":"States.StringToJson('2')","maxConcurrency.$":"States.StringToJson('3')"}}},
              "ChooseReader":{"Type":"Choice","Default":"RejectFile","Choices":[
                {"Variable":"$.key","StringMatches":"*.csv","Next":"ProcessCsv"}]},
              "ProcessCsv":{"Type":"Map","Next":"Done","ResultPath":"$.mapRun",
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
                  "Parameters":{"Bucket.$":"$.bucket","Key.$":"$.key","VersionId.$":"$.versionId"}},
                "ItemBatcher":{"MaxItemsPerBatchPath":"$.limits.maxItemsPerBatch",
                  "BatchInput":{"key.$":"$.key","executionId.$":"$.executionId"}},
                "MaxConcurrencyPath":"$.limits.maxConcurrency","ToleratedFailurePercentage":0,
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results","Prefix":"map-results/"}},
                "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"FileFailed"}],
                "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Validate","States":{
                  "Validate":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"WriteValid",
                    "Parameters":{"FunctionName":"validator","Payload.$":"$"},
                    "ResultSelector":{"valid.$":"$.Payload.valid","counts.$":"$.Payload.counts"},
                    "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"MaxAttempts":6,"MaxDelaySeconds":30,"JitterStrategy":"FULL"}],
                    "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"ParkBatch"}]},
                  "WriteValid":{"Type":"Map","ItemsPath":"$.valid","ResultPath":null,"Next":"Summarize","MaxConcurrency":10,
                    "ItemSelector":{"orderId.$":"$$.Map.Item.Value","key.$":"$$.Execution.Input.BatchInput.key"},
                    "ItemProcessor":{"StartAt":"Put","States":{"Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                      "Parameters":{"Item":{"orderId":{"S.$":"$.orderId"},"source":{"S.$":"$.key"}}},"ResultPath":null,"End":true}}}},
                  "Summarize":{"Type":"Pass","OutputPath":"$.counts","End":true},
                  "ParkBatch":{"Type":"Map","ItemsPath":"$.Items","ResultPath":null,"OutputPath":"$.error","End":true,
                    "ItemSelector":{"record.$":"$$.Map.Item.Value","error.$":"$.error"},
                    "ItemProcessor":{"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
                      "Parameters":{"MessageBody.$":"States.JsonToString($)"},"ResultPath":null,"End":true}}}}}}},
              "RejectFile":{"Type":"Fail","Error":"OrderFile.Unsupported","CausePath":"States.Format('unsupported file {}', $.key)"},
              "FileFailed":{"Type":"Fail","Error":"OrderFile.Unreadable","CausePath":"$.error.Cause"},
              "Done":{"Type":"Succeed"}}}""";

    private final InMemoryObjectStore s3 = new InMemoryObjectStore();
    private final List<JsonNode> puts = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    /** Valid unless the order id starts with "X"; a batch holding "CRASH" fails the Lambda. */
    private final TaskIntegration validator = (resource, parameters, context) -> {
        ArrayNode valid = Json().arrayNode();
        for (JsonNode record : parameters.at("/Payload/Items")) {
            String id = record.get("orderId").asText();
            if (id.equals("CRASH")) {
                throw new StatesError("Lambda.Unknown", "validator crashed");
            }
            if (!id.startsWith("X")) {
                valid.add(id);
            }
        }
        ObjectNode payload = Json().objectNode();
        payload.set("valid", valid);
        payload.putObject("counts").put("received", parameters.at("/Payload/Items").size()).put("valid", valid.size());
        ObjectNode result = Json().objectNode();
        result.set("Payload", payload);
        return result;
    };

    private static com.fasterxml.jackson.databind.node.JsonNodeFactory Json() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    }

    private ExecutionResult upload(String key, String csv) {
        if (csv != null) {
            s3.with("orders", key, csv);
        }
        Map<String, TaskIntegration> integrations = Map.of(
                "arn:aws:states:::lambda:invoke", validator,
                "arn:aws:states:::dynamodb:putItem", (r, p, c) -> {
                    puts.add(p);
                    return json("{}");
                },
                "arn:aws:states:::sqs:sendMessage", (r, p, c) -> {
                    messages.add(p.get("MessageBody").asText());
                    return json("{'MessageId':'1'}");
                });
        var executor = Asl.fastExecutor().objectStore(s3).listener(listener).integrations(integrations::get).build();
        var event = json("{'detail':{'bucket':{'name':'orders'},'object':{'key':'" + key + "','version-id':null}}}");
        return executor.execute(rawJson(DEFINITION), event,
                new ExecutionRequest("arn:aws:states:us-east-1:000000000000:stateMachine:OrderPipeline", "upload-1",
                        ExecutionType.STANDARD));
    }

    @Test
    void validOrdersAreWrittenWithTheirSourceKey() {
        var result = upload("incoming/a.csv", "orderId,qty\nA1,1\nXBAD,2\nA3,3\n");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(puts).extracting(p -> p.at("/Item/orderId/S").asText()).containsExactlyInAnyOrder("A1", "A3");
        assertThat(puts).allSatisfy(p -> assertThat(p.at("/Item/source/S").asText()).isEqualTo("incoming/a.csv"));
        String manifestKey = result.output().at("/mapRun/ResultWriterDetails/Key").asText();
        assertThat(s3.text("results", manifestKey)).contains("SUCCEEDED_0.json");
        assertThat(result.output().get("executionId").asText())
                .isEqualTo("arn:aws:states:us-east-1:000000000000:execution:OrderPipeline:upload-1");
        assertThat(listener.mapRuns).singleElement().satisfies(run -> {
            assertThat(run.totalItems()).isEqualTo(3);
            assertThat(run.totalChildren()).isEqualTo(2);
        });
        assertThat(result.stats().childExecutions()).isEqualTo(2);
        assertThat(result.stats().taskCallsByResource()).containsEntry("arn:aws:states:::dynamodb:putItem", 2L);
    }

    @Test
    void aCrashingBatchIsParkedRecordByRecordAndTheFileStillSucceeds() {
        var result = upload("incoming/b.csv", "orderId\nCRASH\nB2\nB3\n");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(messages).hasSize(2);
        assertThat(messages).allSatisfy(body -> assertThat(body).contains("Lambda.Unknown"));
        assertThat(puts).extracting(p -> p.at("/Item/orderId/S").asText()).containsExactly("B3");
    }

    @Test
    void anUnreadableFileEndsInTheFileFailureState() {
        var result = upload("incoming/missing.csv", null);
        assertThat(result.error()).isEqualTo("OrderFile.Unreadable");
        assertThat(result.cause()).contains("incoming/missing.csv");
    }

    @Test
    void anUnsupportedSuffixIsRejected() {
        var result = upload("incoming/a.txt", null);
        assertThat(result.toJson()).isEqualTo(json(
                "{'status':'FAILED','error':'OrderFile.Unsupported','cause':'unsupported file incoming/a.txt'}"));
    }
}
