package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The definition has the shape pipeline-design.md fixes and uses only documented JSONPath-mode fields. */
class AslShapeTest {

    private static final Map<String, String> MAPS = Map.of("ProcessJson", "JSON", "ProcessJsonl", "JSONL", "ProcessCsv", "CSV");
    private static final Map<String, String> SUFFIX = Map.of("ProcessJson", "Json", "ProcessJsonl", "Jsonl", "ProcessCsv", "Csv");

    private final AslDefinition asl = AslDefinition.load();

    @Test
    void everyTransitionTargetsAStateInTheSameScope() {
        for (var state : asl.allStates()) {
            var scopeNames = new HashSet<String>();
            state.scope().path("States").fieldNames().forEachRemaining(scopeNames::add);
            var targets = new ArrayList<String>();
            if (state.body().has("Next")) {
                targets.add(state.body().get("Next").asText());
            }
            state.body().path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
            state.body().path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
            if (state.body().has("Default")) {
                targets.add(state.body().get("Default").asText());
            }
            assertThat(scopeNames).as("targets of %s", state.name()).containsAll(targets);
            var terminal = state.body().path("End").asBoolean(false) || Set.of("Succeed", "Fail", "Choice").contains(state.type());
            assertThat(terminal || state.body().has("Next")).as("%s has Next or End", state.name()).isTrue();
        }
    }

    @Test
    void stateNamesAreUniqueAcrossTheWholeMachine() {
        // Step Functions rejects a definition that reuses a name in a nested ItemProcessor.
        var names = asl.allStates().stream().map(AslDefinition.State::name).toList();
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void usesJsonPathOnly() {
        // JSONPath with workflow variables (#13 §5); asl-validator 4.0.0 accepts Assign and $variable paths
        assertThat(asl.root().has("QueryLanguage")).isFalse();
        assertThat(asl.text()).doesNotContain("{%").doesNotContain("\"Arguments\"").doesNotContain("\"Output\"");
    }

    @Test
    void onlyTheChildsFirstStateAssignsVariablesAndNothingCopiesBatchInputPerItem() {
        // #13 §5 / #12 §4: the validator's result lives in variables, so the inline Maps' aggregated results never sit
        // next to it in the state, and no iteration carries a copy of BatchInput.
        for (var suffix : SUFFIX.values()) {
            var assigning = asl.allStates().stream()
                    .filter(st -> st.name().endsWith(suffix) && st.body().has("Assign")).map(AslDefinition.State::name)
                    .toList();
            assertThat(assigning).containsExactly("ValidateBatch" + suffix);
            var assign = new HashSet<String>();
            asl.state("ValidateBatch" + suffix).body().path("Assign").fieldNames().forEachRemaining(assign::add);
            assertThat(assign).containsExactlyInAnyOrder("valid.$", "invalid.$", "report.$", "shared.$", "batch.$");
            assertThat(asl.state("ValidateBatch" + suffix).body().path("Assign").path("batch.$").asText())
                    .isEqualTo("$$.Execution.Input.BatchInput");
            assertThat(asl.state("WriteValid" + suffix).body().path("ItemsPath").asText()).isEqualTo("$valid");
            assertThat(asl.state("ParkInvalid" + suffix).body().path("ItemsPath").asText()).isEqualTo("$invalid");
            for (var map : List.of("WriteValid", "ParkInvalid")) {
                assertThat(asl.state(map + suffix).body().path("ItemSelector").toString()).as(map + suffix)
                        .doesNotContain("BatchInput").doesNotContain("\"batch");
            }
        }
        assertThat(asl.text()).doesNotContain("$.batch.");
    }

    @ParameterizedTest
    @CsvSource({"JSON, ProcessJson", "JSONL, ProcessJsonl", "CSV, ProcessCsv", "null, RejectFile"})
    void readerChoiceSendsEachInspectedFormatToItsMap(String format, String expected) {
        // The format comes from the reconciler's INSPECT (the key's suffix in any case, RecordFormat.fromKey):
        // a Choice's StringMatches is case-sensitive, so the suffix is not matched here.
        var choice = asl.state("ChooseReader").body();
        var target = choice.path("Default").asText();
        for (var rule : choice.path("Choices")) {
            assertThat(rule.path("Variable").asText()).isEqualTo("$.inspection.format");
            if (rule.path("StringEquals").asText().equals(format)) {
                target = rule.path("Next").asText();
                break;
            }
        }
        assertThat(target).isEqualTo(expected);
    }

    @Test
    void aFolderKeyEndsTheExecutionAndEveryOtherKeyIsInspectedFirst() {
        // decision 2: a key ending in / is decided on the raw event, before anything reads fields a folder
        // object may lack (S3 gives a zero-byte folder marker no version-id in some set-ups)
        assertThat(asl.root().path("StartAt").asText()).isEqualTo("IsFolder");
        var folder = asl.state("IsFolder").body();
        assertThat(folder.path("Choices")).singleElement().satisfies(rule -> {
            assertThat(rule.path("Variable").asText()).isEqualTo("$.detail.object.key");
            assertThat(rule.path("StringMatches").asText()).isEqualTo("*/");
            assertThat(asl.state(rule.path("Next").asText()).type()).isEqualTo("Succeed");
        });
        assertThat(folder.path("Default").asText()).isEqualTo("Inspect");
        var inspect = asl.state("Inspect").body();
        assertThat(inspect.path("Parameters").path("FunctionName").asText()).isEqualTo("${ReconcilerFunctionArn}");
        assertThat(inspect.path("Parameters").path("Payload").path("action").asText()).isEqualTo("INSPECT");
        assertThat(inspect.path("Next").asText()).isEqualTo("DescribeSource");
        assertThat(inspect.path("Catch").get(0).path("Next").asText()).isEqualTo("InspectFailed");
        assertThat(asl.state("DescribeSource").body().path("Next").asText()).isEqualTo("ChooseReader");
    }

    @Test
    void theKeyInspectFindsIsTheOneEveryLaterStepUses() {
        // #21 §1: the event's key may be URL-encoded; INSPECT gets it as the event has it, with what identifies the
        // object (version, size, ETag), and answers the key that holds it
        var source = asl.state("Inspect").body().at("/Parameters/Payload/source");
        assertThat(source.path("key.$").asText()).isEqualTo("$.detail.object.key");
        assertThat(source.path("versionId.$").asText()).isEqualTo("$.detail.object.version-id");
        assertThat(source.path("size.$").asText()).isEqualTo("$.detail.object.size");
        assertThat(source.path("etag.$").asText()).isEqualTo("$.detail.object.etag");
        assertThat(asl.state("Inspect").body().at("/ResultSelector/key.$").asText()).isEqualTo("$.Payload.key");
        assertThat(asl.state("Inspect").body().path("ResultPath").asText()).isEqualTo("$.inspection");
        assertThat(asl.state("DescribeSource").body().at("/Parameters/key.$").asText()).isEqualTo("$.inspection.key");
        // the readers, the batches (and so the DLQ messages and stored items), the reconciler and the FILE message
        MAPS.keySet().forEach(name -> {
            var map = asl.state(name).body();
            assertThat(map.at("/ItemReader/Parameters/Key.$").asText()).as(name).isEqualTo("$.key");
            assertThat(map.at("/ItemBatcher/BatchInput/key.$").asText()).as(name).isEqualTo("$.key");
        });
        assertThat(asl.state("Reconcile").body().at("/Parameters/Payload/state.$").asText()).isEqualTo("$");
        assertThat(asl.state("BuildFileFailure").body().at("/Parameters/body/source/key.$").asText()).isEqualTo("$.key");
        assertThat(asl.state("BuildFileFailure").body().at("/Parameters/sourceKey.$").asText()).isEqualTo("$.key");
    }

    @Test
    void eachDistributedMapReadsItsFormatPinnedToTheUploadedVersion() {
        MAPS.forEach((name, format) -> {
            var map = asl.state(name).body();
            var reader = map.path("ItemReader");
            assertThat(reader.path("ReaderConfig").path("InputType").asText()).as(name).isEqualTo(format);
            if (format.equals("CSV")) {
                assertThat(reader.path("ReaderConfig").path("CSVHeaderLocation").asText()).isEqualTo("FIRST_ROW");
            }
            assertThat(reader.path("Parameters").path("VersionId.$").asText()).as(name).isEqualTo("$.versionId");
            assertThat(map.path("ItemBatcher").path("BatchInput").path("format").asText()).as(name).isEqualTo(format);
            assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText()).isEqualTo("DISTRIBUTED");
            assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("ExecutionType").asText()).isEqualTo("EXPRESS");
        });
    }

    @Test
    void everyRecordTravelsWithItsIndexAndNoFailedBatchStopsTheOthers() {
        // decision 3 (the index is how the reconciler accounts for every record) and decision 4 (every batch attempted)
        for (var name : MAPS.keySet()) {
            var map = asl.state(name).body();
            assertThat(map.path("ItemSelector").path("index.$").asText()).as(name).isEqualTo("$$.Map.Item.Index");
            assertThat(map.path("ItemSelector").path("record.$").asText()).as(name).isEqualTo("$$.Map.Item.Value");
            assertThat(map.path("ToleratedFailurePercentage").asInt(-1)).as(name).isEqualTo(100);
        }
    }

    @Test
    void theReconcilerRunsAfterEachMapWhetherItSucceedsOrFails() {
        for (var name : MAPS.keySet()) {
            var map = asl.state(name).body();
            assertThat(map.path("Next").asText()).as(name).isEqualTo("Reconcile");
            assertThat(map.path("ResultPath").asText()).as(name).isEqualTo("$.mapRun");
            assertThat(map.path("Catch")).as(name).singleElement().satisfies(c -> {
                assertThat(c.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
                assertThat(c.path("ResultPath").asText()).isEqualTo("$.mapError");
                assertThat(c.path("Next").asText()).isEqualTo("Reconcile");
            });
        }
        var reconcile = asl.state("Reconcile").body();
        assertThat(reconcile.path("Parameters").path("FunctionName").asText()).isEqualTo("${ReconcilerFunctionArn}");
        assertThat(reconcile.path("Parameters").path("Payload").path("action").asText()).isEqualTo("RECONCILE");
        assertThat(reconcile.path("Parameters").path("Payload").path("state.$").asText()).isEqualTo("$");
        assertThat(reconcile.path("Next").asText()).isEqualTo("Accounted");
        var accounted = asl.state("Accounted").body();
        var targets = new java.util.HashMap<String, String>();
        accounted.path("Choices").forEach(c -> targets.put(c.path("StringEquals").asText(), c.path("Next").asText()));
        assertThat(targets).containsEntry("CONSERVED", "Done").containsEntry("UNACCOUNTED", "Unaccounted");
        assertThat(accounted.path("Default").asText()).isEqualTo("FileUnreadable");
        // still unaccounted after the reconciler: a FILE_ERROR message with its summary, then the failure
        var unaccounted = asl.state("Unaccounted").body();
        assertThat(unaccounted.path("Parameters").path("Error").asText()).isEqualTo("OrderFile.Unaccounted");
        assertThat(unaccounted.path("Parameters").path("Cause.$").asText()).isEqualTo("$.reconciliation.summary");
        assertThat(unaccounted.path("ResultPath").asText()).isEqualTo("$.fileError");
        assertThat(unaccounted.path("Next").asText()).isEqualTo("BuildFileFailure");
    }

    @Test
    void batchingLimitsComeFromTheNumbersDescribeSourceBuilds() {
        var limits = asl.state("DescribeSource").body().path("Parameters").path("limits");
        for (var name : MAPS.keySet()) {
            var map = asl.state(name).body();
            assertThat(limits.has(field(map.path("ItemBatcher").path("MaxItemsPerBatchPath").asText()) + ".$")).isTrue();
            assertThat(limits.has(field(map.path("ItemBatcher").path("MaxInputBytesPerBatchPath").asText()) + ".$")).isTrue();
            assertThat(limits.has(field(map.path("MaxConcurrencyPath").asText()) + ".$")).isTrue();
        }
    }

    private static String field(String limitsPath) {
        assertThat(limitsPath).startsWith("$.limits.");
        return limitsPath.substring("$.limits.".length());
    }

    @Test
    void batchInputCarriesTheSourceTheValidatorContractNames() {
        for (var name : MAPS.keySet()) {
            var batchInput = asl.state(name).body().path("ItemBatcher").path("BatchInput");
            var keys = new HashSet<String>();
            batchInput.fieldNames().forEachRemaining(k -> keys.add(k.replace(".$", "")));
            assertThat(keys).containsExactlyInAnyOrder("bucket", "key", "versionId", "format", "executionId");
        }
    }

    @Test
    void mapResultsGoToTheExpiringPrefixOfTheOrdersBucketWhereTheReconcilerLooks() {
        var template = SamTemplate.load();
        var rules = Yamls.list(Yamls.at(template.resource("OrdersBucket").properties(), "LifecycleConfiguration", "Rules"));
        var reconcilerPrefix = String.valueOf(Yamls.at(template.resource("ReconcilerFunction").properties(),
                "Environment", "Variables", "MAP_RESULTS_PREFIX"));
        for (var name : MAPS.keySet()) {
            var writer = asl.state(name).body().path("ResultWriter").path("Parameters");
            assertThat(writer.path("Bucket").asText()).isEqualTo("${OrdersBucketName}");
            // one folder per execution, so the reconciler finds a failed Map's results by the execution's name
            var prefix = writer.path("Prefix.$").asText();
            assertThat(prefix).isEqualTo("States.Format('" + reconcilerPrefix + "{}', $$.Execution.Name)");
            assertThat(rules).as("a lifecycle rule expiring %s", reconcilerPrefix)
                    .anyMatch(r -> reconcilerPrefix.equals(Yamls.map(r).get("Prefix")) && Yamls.map(r).containsKey("ExpirationInDays"));
        }
    }

    @Test
    void theThreeMapsRunTheSameChildWorkflow() {
        var reference = normalised(asl.state("ProcessJson").body().path("ItemProcessor"), "Json");
        assertThat(normalised(asl.state("ProcessJsonl").body().path("ItemProcessor"), "Jsonl")).isEqualTo(reference);
        assertThat(normalised(asl.state("ProcessCsv").body().path("ItemProcessor"), "Csv")).isEqualTo(reference);
    }

    /** The processor with the per-format suffix taken off its state names (names must be unique machine-wide). */
    private static JsonNode normalised(JsonNode node, String suffix) {
        if (node.isTextual() && node.asText().endsWith(suffix)) {
            return TextNode.valueOf(node.asText().substring(0, node.asText().length() - suffix.length()));
        }
        if (node.isObject()) {
            var out = AslDefinition.JSON.createObjectNode();
            node.fields().forEachRemaining(e -> {
                var key = e.getKey().endsWith(suffix) ? e.getKey().substring(0, e.getKey().length() - suffix.length()) : e.getKey();
                out.set(key, normalised(e.getValue(), suffix));
            });
            return out;
        }
        if (node.isArray()) {
            var out = AslDefinition.JSON.createArrayNode();
            node.forEach(n -> out.add(normalised(n, suffix)));
            return out;
        }
        return node;
    }

    @Test
    void validatorIsInvokedWithTheBatchAndOnlyItsResultIsKept() {
        var validate = asl.state("ValidateBatch" + SUFFIX.get("ProcessJson")).body();
        assertThat(validate.path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
        assertThat(validate.path("Parameters").path("FunctionName").asText()).isEqualTo("${ValidatorFunctionArn}");
        assertThat(validate.path("Parameters").path("Payload.$").asText()).isEqualTo("$");
        assertThat(validate.path("Assign").path("valid.$").asText()).isEqualTo("$.Payload.valid");
        assertThat(validate.path("Assign").path("invalid.$").asText()).isEqualTo("$.Payload.invalid");
        assertThat(validate.path("Assign").path("report.$").asText()).isEqualTo("$.Payload.report");
        assertThat(validate.has("ResultSelector")).isFalse();
        assertThat(validate.has("OutputPath") && validate.get("OutputPath").isNull())
                .as("neither the batch nor the result stays in the state: the result is in variables").isTrue();
        assertThat(validate.path("Retry").toString()).contains("Lambda.ClientExecutionTimeoutException",
                "Lambda.TooManyRequestsException", "Lambda.ServiceException", "Lambda.SnapStartNotReadyException");
        validate.path("Retry").forEach(retry -> assertThat(retry.path("JitterStrategy").asText()).isEqualTo("FULL"));
        assertThat(validate.has("Catch")).as("a batch whose validation fails fails its child: the reconciler parks it")
                .isFalse();
    }

    @Test
    void conditionalPutIsTheIdempotentWriteOfTheDataContract() {
        var put = asl.state("PutOrderJson").body().path("Parameters");
        assertThat(put.path("TableName").asText()).isEqualTo("${OrdersTableName}");
        // the order's own attributes and, once per batch, the ones every item shares (#12 §4: nothing copied per order)
        assertThat(put.path("Item.$").asText()).isEqualTo("States.JsonMerge($.item, $shared, false)");
        assertThat(put.path("ConditionExpression").asText())
                .isEqualTo("attribute_not_exists(orderId) OR contentHash = :contentHash");
        assertThat(put.path("ExpressionAttributeValues").path(":contentHash").path("S.$").asText())
                .isEqualTo("$.item.contentHash.S");
        var catches = asl.state("PutOrderJson").body().path("Catch");
        assertThat(catches.get(0).path("ErrorEquals").get(0).asText()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
        assertThat(catches.get(0).path("Next").asText()).isEqualTo("BuildConflictMessageJson");
        // a put still throttled when its retries run out is parked saying so, for the redrive to store it (#22 §3)
        assertThat(catches.get(1).path("ErrorEquals").toString()).contains("DynamoDB.ProvisionedThroughputExceededException",
                "DynamoDB.ThrottlingException");
        assertThat(catches.get(1).path("Next").asText()).isEqualTo("BuildThrottledMessageJson");
        var throttling = new HashSet<String>();
        catches.get(1).path("ErrorEquals").forEach(e -> throttling.add(e.asText()));
        assertThat(throttling).as("the parking contract's throttling errors")
                .isEqualTo(io.orderpipeline.model.wire.Parking.WriteFailed.THROTTLING);
        assertThat(catches.get(catches.size() - 1).path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
        assertThat(catches.get(catches.size() - 1).path("Next").asText()).isEqualTo("BuildWriteFailureMessageJson");
    }

    @Test
    void childWorkflowsReturnOnlyTheReportTheReconcilerReads() {
        // Each child's output lands in the Map's results: only the per-record report and outcomes (data-contracts §2a).
        for (var suffix : SUFFIX.values()) {
            var report = asl.state("ReportBatch" + suffix).body();
            assertThat(report.path("End").asBoolean()).isTrue();
            var keys = new HashSet<String>();
            report.path("Parameters").fieldNames().forEachRemaining(k -> keys.add(k.replace(".$", "")));
            assertThat(keys).containsExactlyInAnyOrder("report", "writes", "sends");
            assertThat(asl.state("WriteValid" + suffix).body().path("ResultPath").asText()).isEqualTo("$.writes");
            assertThat(asl.state("ParkInvalid" + suffix).body().path("ResultPath").asText()).isEqualTo("$.sends");
        }
    }

    @Test
    void everyInlineIterationEndsWithASmallOutcomeNeverItsInput() {
        // #12 §4: the inline Maps aggregate one entry per order; what an iteration returns must not copy its input.
        for (var map : List.of("WriteValid", "ParkInvalid")) {
            for (var suffix : SUFFIX.values()) {
                var processor = asl.state(map + suffix).body().path("ItemProcessor").path("States");
                processor.fields().forEachRemaining(e -> {
                    var state = e.getValue();
                    if (!state.path("End").asBoolean(false)) {
                        return;
                    }
                    var small = state.has("OutputPath") || ("Pass".equals(state.path("Type").asText())
                            && state.path("Parameters").has("outcome"));
                    assertThat(small).as("%s ends with an outcome", e.getKey()).isTrue();
                });
            }
        }
    }

    @Test
    void everyTaskResultIsDiscardedOrSelected() {
        for (var state : asl.statesOfType("Task")) {
            var body = state.body();
            assertThat(body.has("ResultSelector") || (body.has("ResultPath") && body.get("ResultPath").isNull())
                    || (body.has("OutputPath") && body.get("OutputPath").isNull()))
                    .as("%s keeps its whole service response", state.name()).isTrue();
        }
    }

    @Test
    void dlqMessagesBuiltByTheStateMachineFollowTheDataContract() {
        List<String> builders = asl.statesOfType("Pass").stream().map(AslDefinition.State::name)
                .filter(n -> n.startsWith("Build")).toList();
        assertThat(builders).hasSize(3 * 3 + 1);
        for (var name : builders) {
            var body = (ObjectNode) asl.state(name).body().path("Parameters").path("body");
            var keys = new HashSet<String>();
            body.fieldNames().forEachRemaining(k -> keys.add(k.replace(".$", "")));
            assertThat(keys).as(name).contains("schemaVersion", "kind", "stage", "orderId", "recordId", "recordIndex",
                    "reasons", "source", "executionId", "failedAt");
            assertThat(body.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(body.path("kind").asText()).isIn("ORDER", "FILE");
            assertThat(body.path("stage").asText()).isIn("WRITE", "FILE_READ");
            var reason = body.path("reasons").get(0);
            assertThat(reason.path("code").asText()).isIn("DUPLICATE_ORDER_CONFLICT", "PROCESSING_ERROR", "FILE_ERROR");
            assertThat(reason.has("path") && (reason.has("message") || reason.has("message.$"))).as(name).isTrue();
            var source = new HashSet<String>();
            body.path("source").fieldNames().forEachRemaining(k -> source.add(k.replace(".$", "")));
            assertThat(source).containsExactlyInAnyOrder("bucket", "key", "versionId");
            // WRITE messages carry the DynamoDB item (data-contracts §4); FILE messages neither item nor record
            switch (body.path("stage").asText()) {
                case "WRITE" -> assertThat(keys).contains("item").doesNotContain("record");
                default -> assertThat(keys).doesNotContain("item", "record");
            }
        }
        // a service rejection names the service's own message (#11 §7): the error's Cause, not only its name
        for (var suffix : SUFFIX.values()) {
            var message = asl.state("BuildWriteFailureMessage" + suffix).body().path("Parameters").path("body")
                    .path("reasons").get(0).path("message.$").asText();
            assertThat(message).contains("$.error.Error").contains("$.error.Cause");
            var throttled = asl.state("BuildThrottledMessage" + suffix).body().path("Parameters");
            assertThat(throttled.path("body").path("reasons").get(0).path("message.$").asText())
                    .contains("throttled").contains("redrive").contains("$.error.Error").contains("$.error.Cause");
            assertThat(throttled.path("reasonCode").asText()).isEqualTo("PROCESSING_ERROR");
            assertThat(asl.state("BuildThrottledMessage" + suffix).body().path("Next").asText())
                    .isEqualTo("SendWriteFailure" + suffix);
        }
    }

    @Test
    void dlqSendsUseTheQueueAndTheMessageAttributesTheRedriveFilters() {
        for (var state : asl.statesOfType("Task")) {
            if (!state.body().path("Resource").asText().equals("arn:aws:states:::sqs:sendMessage")) {
                continue;
            }
            var params = state.body().path("Parameters");
            assertThat(params.path("QueueUrl").asText()).isEqualTo("${DlqUrl}");
            assertThat(params.has("MessageAttributes.$")).as("attributes are built here, never copied per item").isFalse();
            var attributes = new HashSet<String>();
            params.path("MessageAttributes").fieldNames().forEachRemaining(attributes::add);
            // a FILE message's recordId is its file's (#21 §8): repeats of a bad file collapse like a record's
            assertThat(attributes).as(state.name()).containsExactlyInAnyOrder("reasonCode", "sourceKey", "recordId");
            if (state.name().startsWith("SendInvalid")) {
                // the validator's body, a string, sent as it is: the record inside it exactly as delivered
                assertThat(params.path("MessageBody.$").asText()).isEqualTo("$.message");
                assertThat(params.at("/MessageAttributes/sourceKey/StringValue.$").asText()).isEqualTo("$batch.key");
                continue;
            }
            assertThat(params.path("MessageBody.$").asText()).as(state.name()).isEqualTo("States.JsonToString($.body)");
        }
    }

    @Test
    void aFailedDlqSendIsReportedForTheReconcilerNotAFailedChild() {
        for (var state : asl.statesOfType("Task")) {
            if (!state.body().path("Resource").asText().equals("arn:aws:states:::sqs:sendMessage")
                    || state.name().equals("ReportFileFailure")) {
                continue;
            }
            var catcher = state.body().path("Catch");
            assertThat(catcher).as(state.name()).singleElement().satisfies(c -> {
                assertThat(c.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
                var unsent = asl.state(c.path("Next").asText()).body().path("Parameters");
                assertThat(unsent.path("outcome").asText()).isEqualTo("UNSENT");
                assertThat(unsent.path("error.$").asText()).isEqualTo("$.error.Error");
                assertThat(unsent.path("cause.$").asText()).isEqualTo("$.error.Cause");
            });
        }
    }

    @Test
    void unreadableOrUnsupportedFilesEndInTheDocumentedFailure() {
        var fail = asl.state("FileFailed").body();
        assertThat(fail.path("Type").asText()).isEqualTo("Fail");
        assertThat(fail.path("ErrorPath").asText()).isEqualTo("$.fileError.Error");
        assertThat(fail.path("CausePath").asText()).isEqualTo("$.fileError.Cause");
        for (var into : List.of("RejectFile", "FileUnreadable", "InspectFailed", "ReconcileFailed", "Unaccounted")) {
            // InspectFailed comes before DescribeSource: it builds the state BuildFileFailure reads from the event
            assertThat(asl.state(into).body().path("ResultPath").asText()).as(into)
                    .isEqualTo(into.equals("InspectFailed") ? "$" : "$.fileError");
            assertThat(asl.state(into).body().path("Next").asText()).as(into).isEqualTo("BuildFileFailure");
        }
        assertThat(asl.state("InspectFailed").body().at("/Parameters/fileError/Error").asText())
                .isEqualTo("OrderFile.NotInspected");
        assertThat(asl.state("BuildFileFailure").body().path("Next").asText()).isEqualTo("ReportFileFailure");
        assertThat(asl.state("ReportFileFailure").body().path("Next").asText()).isEqualTo("FileFailed");
        assertThat(asl.state("ReportFileFailure").body().path("Parameters").path("MessageAttributes")
                .path("reasonCode").path("StringValue").asText()).isEqualTo("FILE_ERROR");
    }

    @Test
    void retriesBackOffWithJitterAndNameServiceErrors() {
        for (var state : asl.allStates()) {
            for (var retry : state.body().path("Retry")) {
                assertThat(retry.path("JitterStrategy").asText()).as(state.name()).isEqualTo("FULL");
                assertThat(retry.path("BackoffRate").asDouble()).as(state.name()).isGreaterThan(1.0);
                assertThat(retry.has("MaxDelaySeconds")).as(state.name()).isTrue();
                for (var error : retry.path("ErrorEquals")) {
                    // a service's error, or a function's own (its exception's class name: IntegrationErrorNamesTest)
                    assertThat(error.asText()).as(state.name()).matches("(Lambda|DynamoDB|SQS)\\.\\w+|io\\.orderpipeline\\.[\\w.]+Exception");
                }
            }
        }
    }
}
