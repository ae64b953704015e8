package io.orderpipeline.reconciler.core;

import io.orderpipeline.model.wire.FileRecords;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.IngestionContext;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.wire.OrderItemMapper;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcilerTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String BUCKET = "orders-bucket";
    static final String KEY = "incoming/orders.json";
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:order-pipeline:exec-1";
    static final SourceFile FILE = new SourceFile(BUCKET, KEY, "v1", "etag", RecordFormat.JSON);

    final InMemoryObjectStore store = new InMemoryObjectStore();
    final Fakes.Letters letters = new Fakes.Letters();
    final Fakes.Table table = new Fakes.Table();
    final OrderValidator validator = new OrderValidator(CLOCK);

    static JsonNode order(String id, String total) {
        try {
            return Json.read("{\"orderId\":\"" + id + "\",\"customerId\":\"CUST-1\",\"orderDate\":\"2026-11-20\","
                    + "\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPrice\":9.95}],"
                    + "\"totalAmount\":" + total + "}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode valid(String id) {
        return order(id, "19.90");
    }

    static JsonNode invalid(String id) {
        return order(id, "25.00");
    }

    String hash(JsonNode record) {
        return ContentHash.of(((ValidationResult.Valid) validator.validate(record, RecordFormat.JSON)).order());
    }

    /** As the validator names a record: a valid order by its content hash, any other record by its canonical JSON. */
    String rid(JsonNode record) {
        return validator.validate(record, RecordFormat.JSON) instanceof ValidationResult.Valid v
                ? FileRecords.orderRecordId(KEY, ContentHash.of(v.order())) : FileRecords.recordId(KEY, record);
    }

    Reconciler reconciler(List<JsonNode> records) {
        return reconciler(new Fakes.Records(records));
    }

    Reconciler reconciler(SourceRecords records) {
        return new Reconciler(store, records, validator, letters, table,
                new Reconciler.Settings(BUCKET, "map-results/"), CLOCK);
    }

    Reconciler.MapOutcome succeeded(Fakes.Results results) {
        return new Reconciler.MapOutcome.Succeeded(BUCKET, results.writeTo(store, BUCKET, "map-results/exec-1/"));
    }

    @Test
    void whatTheChildrenStoredAndParkedExactlyIsConservedWithoutParkingAnything() throws IOException {
        var records = List.of(valid("ORD-1"), invalid("ORD-2"), valid("ORD-3"));
        var output = new Fakes.ChildOutput()
                .stored(0, rid(records.get(0)), "ORD-1", hash(records.get(0)))
                .parked(1, rid(records.get(1)), "TOTAL_MISMATCH")
                .stored(2, rid(records.get(2)), "ORD-3", hash(records.get(2)));

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts()).isEqualTo(new ReconciliationReport.Counts(3, 0, 3, 2, 0, 0, 1, 0, 0, 0, 0));
        assertThat(report.counts().balanced()).isTrue();
        assertThat(report.parkedByReason()).containsEntry("TOTAL_MISMATCH", 1L);
        assertThat(letters.sent).isEmpty();
        assertThat(report.map().childrenSucceeded()).isEqualTo(1);
    }

    @Test
    void theRecordsOfAFailedChildAreParkedFromTheFileNamingTheChildsErrorAndCause() throws IOException {
        var records = List.of(valid("ORD-1"), invalid("ORD-2"), valid("ORD-3"));
        var results = new Fakes.Results()
                .succeeded(new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1", hash(records.get(0))).json)
                .failed("Lambda.Unknown", "Task timed out after 60.00 seconds", 1, 2);

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(results));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().stored()).isEqualTo(1);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(2);
        var invalidBody = letters.body(1);
        assertThat(invalidBody.path("reasons").get(0).path("code").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(invalidBody.path("record")).isEqualTo(records.get(1));
        assertThat(invalidBody.path("recordId").asText()).isEqualTo(rid(records.get(1)));
        var validBody = letters.body(2);
        assertThat(validBody.path("reasons").get(0).path("code").asText()).isEqualTo("PROCESSING_ERROR");
        assertThat(validBody.path("reasons").get(0).path("message").asText())
                .contains("Lambda.Unknown").contains("Task timed out after 60.00 seconds");
        assertThat(report.reconcilerParked()).extracting(ReconciliationReport.Parked::index).containsExactly(1, 2);
    }

    @Test
    void aDeferredRecordWhoseMessageIsOverSqsLimitIsParkedAsRecordTooLargeWithAClaimCheck() throws IOException {
        var big = (com.fasterxml.jackson.databind.node.ObjectNode) invalid("ORD-BIG");
        big.put("notes", "x".repeat(300_000));
        var records = List.<JsonNode>of(valid("ORD-1"), big);
        var output = new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1", hash(records.get(0)))
                .deferred(1, rid(big), "RECORD_TOO_LARGE");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.reconcilerParked()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("RECORD_TOO_LARGE");
            assertThat(p.claimCheck()).isTrue();
        });
        var body = letters.body(1);
        assertThat(body.path("record")).isEqualTo(big);
        assertThat(letters.sent.getFirst().attributes()).containsEntry("reasonCode", "RECORD_TOO_LARGE")
                .containsEntry("recordId", rid(big)).containsEntry("sourceKey", KEY);
    }

    @Test
    void aValidOrderTheValidatorDeferredIsStoredByTheReconcilerWithTheSameConditionalPut() throws IOException {
        var records = List.<JsonNode>of(valid("ORD-1"), valid("ORD-2"), valid("ORD-3"), valid("ORD-4"));
        table.items.put("ORD-3", Json.read("{\"orderId\":{\"S\":\"ORD-3\"},\"contentHash\":{\"S\":\"other\"}}"));
        var output = new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1", hash(records.get(0)))
                .deferred(1, rid(records.get(1)), "BATCH_OUTPUT_FULL")
                .deferred(2, rid(records.get(2)), "BATCH_OUTPUT_FULL")
                .deferred(3, rid(records.get(3)), "RECORD_TOO_LARGE");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().stored()).isEqualTo(3);
        assertThat(report.counts().storedByReconciler()).isEqualTo(2);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        for (String id : List.of("ORD-2", "ORD-4")) {
            JsonNode item = table.items.get(id);
            assertThat(item.path("executionId").path("S").asText()).isEqualTo(EXECUTION);
            assertThat(item.path("sourceKey").path("S").asText()).isEqualTo(KEY);
        }
        assertThat(table.items.get("ORD-4").path("contentHash").path("S").asText()).isEqualTo(hash(records.get(3)));
        assertThat(report.reconcilerParked()).extracting(ReconciliationReport.Parked::index,
                        ReconciliationReport.Parked::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "DUPLICATE_ORDER_CONFLICT"));
        assertThat(report.toJson().path("counts").path("storedByReconciler").asLong()).isEqualTo(2);
    }

    @Test
    void aDeferredOrderWhosePutFailsIsParkedWithTheServicesMessage() throws IOException {
        var records = List.<JsonNode>of(valid("ORD-1"));
        table.putFailure = "DynamoDB PutItem ORD-1: One or more parameter values were invalid: Empty attribute name";
        var output = new Fakes.ChildOutput().deferred(0, rid(records.get(0)), "BATCH_OUTPUT_FULL");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        var reason = letters.body(0).path("reasons").get(0);
        assertThat(reason.path("code").asText()).isEqualTo("PROCESSING_ERROR");
        assertThat(reason.path("message").asText()).contains("Empty attribute name");
    }

    @Test
    void aFailedDlqSendIsParkedByTheReconcilerAndWhatItCannotParkIsUnaccountedWithTheServicesMessage() throws IOException {
        var records = List.of(invalid("ORD-1"), invalid("ORD-2"));
        var output = new Fakes.ChildOutput().unsent(0, rid(records.get(0)), "TOTAL_MISMATCH")
                .unsent(1, rid(records.get(1)), "TOTAL_MISMATCH");
        letters.fails = l -> l.id().equals("1");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.UNACCOUNTED);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        assertThat(report.counts().unaccounted()).isEqualTo(1);
        assertThat(report.unaccounted()).singleElement().satisfies(u -> {
            assertThat(u.index()).isEqualTo(1);
            assertThat(u.why()).contains("SQS.SdkClientException").contains("QueueDoesNotExist");
        });
        assertThat(report.summary()).contains("unaccounted 1").contains("QueueDoesNotExist");
        assertThat(report.counts().balanced()).isTrue();
    }

    @Test
    void aFileTheReconcilerCannotReadIsNotReconciledNamingTheFailureOnceAndTheMapsOwnCounts() throws IOException {
        var records = List.of(valid("ORD-1"), invalid("ORD-2"), valid("ORD-3"));
        var output = new Fakes.ChildOutput()
                .stored(0, rid(records.get(0)), "ORD-1", hash(records.get(0)))
                .parked(1, rid(records.get(1)), "TOTAL_MISMATCH")
                .stored(2, rid(records.get(2)), "ORD-3", hash(records.get(2)));
        SourceRecords gone = file -> {
            throw new IOException("cannot read s3://orders-bucket/incoming/orders.json (version v1): The specified"
                    + " version does not exist. (Service: S3, Status Code: 404)");
        };

        var report = reconciler(gone).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.NOT_RECONCILED);
        assertThat(report.fileError().error()).isEqualTo("OrderFile.NotReconciled");
        assertThat(report.fileError().cause()).isEqualTo("The reconciler could not read the file to check it: cannot"
                + " read s3://orders-bucket/incoming/orders.json (version v1): The specified version does not exist."
                + " (Service: S3, Status Code: 404); the Map's children reported 3 records: 2 stored, 1 parked (their"
                + " own account, not checked against the file)");
        assertThat(report.map().reported()).isEqualTo(new Ledger.Counts(3, 2, 1, 0, 0, 0, 0, 0));
        assertThat(report.toJson().at("/map/reported/stored").asLong()).isEqualTo(2);
        assertThat(report.counts().read()).isZero();
        assertThat(letters.sent).isEmpty();
    }

    @Test
    void aFailureTheCallerRetriesIsThrownNotReportedAsNotReconciled() throws IOException {
        SourceRecords throttled = file -> {
            throw new IOException("cannot read s3://orders-bucket/incoming/orders.json: SlowDown");
        };
        var reconciler = new Reconciler(store, throttled, validator, letters, table,
                new Reconciler.Settings(BUCKET, "map-results/"), CLOCK, e -> e.getMessage().contains("SlowDown"));
        var map = succeeded(new Fakes.Results().succeeded(new Fakes.ChildOutput().json));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(FILE, EXECUTION, map))
                .isInstanceOf(IOException.class).hasMessageContaining("SlowDown");
    }

    @Test
    void mapResultsTheReconcilerCannotReadAreNotReconciledEither() throws IOException {
        var report = reconciler(List.of(valid("ORD-1"))).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Succeeded(BUCKET, "map-results/exec-1/run/manifest.json"));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.NOT_RECONCILED);
        assertThat(report.fileError().cause()).startsWith("The reconciler could not read the Map's results to check"
                + " the file against them: ").contains("manifest.json").doesNotContain("children reported");
        assertThat(letters.sent).isEmpty();
    }

    @Test
    void anInvalidOrderWhoseDlqSendFailedSaysSoInItsMessageAfterItsOwnReasons() throws IOException {
        var records = List.of(invalid("ORD-1"));
        var output = new Fakes.ChildOutput().unsent(0, rid(records.get(0)), "TOTAL_MISMATCH");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        var reasons = letters.body(0).path("reasons");
        assertThat(reasons.get(0).path("code").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(letters.sent.getFirst().attributes().toString()).contains("TOTAL_MISMATCH");
        var last = reasons.get(reasons.size() - 1);
        assertThat(last.path("code").asText()).isEqualTo("PROCESSING_ERROR");
        assertThat(last.path("message").asText()).startsWith("the pipeline did not park it (its DLQ message could not"
                + " be sent: ").endsWith("): the reconciler parked it from the file");
    }

    @Test
    void anOrderStoredWithOtherContentThanTheFilesIsTakenOutOfTheTableAndParkedWithTheItem() throws IOException {
        var records = List.of(valid("ORD-1"));
        // what reached the validator had another price: the stored item's hash is not the file's
        JsonNode altered = order("ORD-1", "19.90");
        ((com.fasterxml.jackson.databind.node.ObjectNode) altered.path("items").get(0)).put("unitPrice", 9.95);
        var alteredOrder = ((ValidationResult.Valid) validator.validate(altered, RecordFormat.JSON)).order();
        var otherHash = "0".repeat(64);
        var item = OrderItemMapper.toItem(alteredOrder, new IngestionContext(FILE.ref(), EXECUTION, NOW));
        item.putObject("contentHash").put("S", otherHash);
        table.items.put("ORD-1", item);
        var output = new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1", otherHash);

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().altered()).isEqualTo(1);
        assertThat(report.counts().stored()).isZero();
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        assertThat(table.deleted).containsExactly("ORD-1");
        assertThat(report.altered()).singleElement().satisfies(a -> {
            assertThat(a.storedItem()).isEqualTo("DELETED");
            assertThat(a.orderId()).isEqualTo("ORD-1");
            assertThat(a.fileContentHash()).isEqualTo(hash(records.get(0)));
        });
        var body = letters.body(0);
        assertThat(body.path("record")).isEqualTo(records.get(0));
        assertThat(body.path("alteredItem")).isEqualTo(item);
        assertThat(body.path("reasons").get(0).path("code").asText()).isEqualTo("ALTERED_IN_TRANSIT");
        assertThat(body.path("stage").asText()).isEqualTo("RECONCILIATION");
    }

    @Test
    void anAlteredItemAnotherExecutionRewroteIsLeftInTheTableAndTheFilesRecordIsStillParked() throws IOException {
        var records = List.of(valid("ORD-1"));
        var otherHash = "1".repeat(64);
        var item = Json.mapper().createObjectNode();
        item.putObject("orderId").put("S", "ORD-1");
        item.putObject("contentHash").put("S", otherHash);
        item.putObject("executionId").put("S", "arn:aws:states:us-east-1:123456789012:execution:order-pipeline:other");
        table.items.put("ORD-1", item);
        var output = new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1", otherHash);

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(table.items).containsKey("ORD-1");
        assertThat(report.altered()).singleElement().satisfies(a -> assertThat(a.storedItem()).startsWith("KEPT"));
        assertThat(letters.body(0).has("alteredItem")).isFalse();
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
    }

    @Test
    void aRecordParkedByThePipelineWithAnotherIdentityThanTheFilesIsParkedAgainAsWritten() throws IOException {
        var records = List.of(invalid("ORD-1"));
        var output = new Fakes.ChildOutput().parked(0, "f".repeat(32), "TOTAL_MISMATCH");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.counts().altered()).isEqualTo(1);
        assertThat(report.counts().parkedByPipeline()).isZero();
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        assertThat(letters.body(0).path("record")).isEqualTo(records.get(0));
    }

    @Test
    void blankCsvLinesAreNeitherStoredNorParkedAndAreCountedApart() throws IOException {
        var csv = new SourceFile(BUCKET, "incoming/orders.csv", "v1", "etag", RecordFormat.CSV);
        var blank = Json.mapper().createObjectNode().put("orderId", "").put("customerId", "").put("items", "");
        var records = List.<JsonNode>of(blank, blank.deepCopy());
        var output = new Fakes.ChildOutput().blank(0);

        var report = reconciler(records).reconcile(csv, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.counts()).isEqualTo(new ReconciliationReport.Counts(2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(letters.sent).isEmpty();
    }

    @Test
    void anUnreadableFileIsOneFileErrorCoveringItsRecordsNotARecordByRecordParking() throws IOException {
        var records = List.of(valid("ORD-1"), valid("ORD-2"), valid("ORD-3"));

        var report = reconciler(new Fakes.Records(records, 2)).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.ItemReaderFailed", "not valid JSON"));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.FILE_FAILED);
        assertThat(report.fileError().error()).isEqualTo("OrderFile.Unreadable");
        assertThat(report.fileError().cause()).contains("MALFORMED_JSON");
        assertThat(report.counts().coveredByFileError()).isEqualTo(2);
        assertThat(report.counts().balanced()).isTrue();
        assertThat(letters.sent).isEmpty();
    }

    @Test
    void whenTheMapFailsTheManifestsUnderTheExecutionsPrefixAreReadAndTheRestIsParkedNamingTheMapsError()
            throws IOException {
        var records = List.of(valid("ORD-1"), valid("ORD-2"));
        new Fakes.Results().succeeded(new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1",
                hash(records.get(0))).json).writeTo(store, BUCKET, "map-results/exec-1/");

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.ResultWriterFailed", "Access Denied"));

        assertThat(report.map().status()).isEqualTo("FAILED");
        assertThat(report.map().manifests()).containsExactly("map-results/exec-1/run-1/manifest.json");
        assertThat(report.counts().stored()).isEqualTo(1);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        assertThat(letters.body(1).path("reasons").get(0).path("message").asText())
                .contains("States.ResultWriterFailed: Access Denied");
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
    }

    @Test
    void theReportIsWrittenNextToTheMapResultsOfTheExecution() throws IOException {
        var records = List.of(valid("ORD-1"));
        var reconciler = reconciler(records);
        var report = reconciler.reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(
                new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-1", hash(records.get(0))).json)));

        String key = reconciler.writeReport(report);

        assertThat(key).isEqualTo("map-results/exec-1/reconciliation.json");
        var json = Json.read(store.text(BUCKET, key));
        assertThat(json.path("outcome").asText()).isEqualTo("CONSERVED");
        assertThat(json.path("counts").path("stored").asInt()).isEqualTo(1);
        assertThat(json.path("source").path("versionId").asText()).isEqualTo("v1");
    }

    @Test
    void aLargeFileIsSentInChunksAndEveryRecordIsAccountedFor() throws IOException {
        var records = new ArrayList<JsonNode>();
        for (int i = 0; i < 1_234; i++) {
            records.add(invalid("ORD-" + i));
        }
        var report = reconciler(records).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.Runtime", "boom"));

        assertThat(report.counts().parkedByReconciler()).isEqualTo(1_234);
        assertThat(report.reconcilerParked()).hasSize(Reconciler.LIST_LIMIT);
        assertThat(report.truncated()).isTrue();
        assertThat(letters.sent).hasSize(1_234);
    }

    @Test
    void whenTheMapFailsBeforeWritingAnyResultEveryRecordIsParkedNamingTheMapsError() throws IOException {
        var records = List.of(valid("ORD-1"), invalid("ORD-2"));

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.ExceedToleratedFailureThreshold", "The specified tolerated"
                        + " failure threshold was exceeded"));

        assertThat(report.map().manifests()).isEmpty();
        assertThat(report.map().error().error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(2);
        assertThat(letters.body(0).at("/reasons/0/message").asText()).isEqualTo("not stored: no child reported it;"
                + " the Map state failed: States.ExceedToleratedFailureThreshold: The specified tolerated failure"
                + " threshold was exceeded");
        assertThat(letters.body(1).at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(report.reconcilerParked()).extracting(ReconciliationReport.Parked::why)
                .allSatisfy(why -> assertThat(why).startsWith("no child reported it; the Map state failed"));
    }

    @Test
    void aManifestCoveringPartOfTheFileAccountsForWhatItListsInEveryResultFileAndParksTheRest() throws IOException {
        var records = List.of(valid("ORD-0"), valid("ORD-1"), invalid("ORD-2"), valid("ORD-3"));
        new Fakes.Results().childrenPerFile(1)
                .succeeded(new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-0", hash(records.get(0))).json)
                .succeeded(new Fakes.ChildOutput().stored(1, rid(records.get(1)), "ORD-1", hash(records.get(1))).json)
                .writeTo(store, BUCKET, "map-results/exec-1/");

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.Runtime", "the map run was aborted"));

        assertThat(store.list(BUCKET, "map-results/exec-1/run-1/SUCCEEDED_")).hasSize(2);
        assertThat(report.map().childrenSucceeded()).isEqualTo(2);
        assertThat(report.counts().stored()).isEqualTo(2);
        assertThat(report.reconcilerParked()).extracting(ReconciliationReport.Parked::index).containsExactly(2, 3);
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
    }

    @Test
    void theRecordsOfChildrenTheMapRunNeverStartedArePendingAndParkedFromTheFile() throws IOException {
        var records = List.of(valid("ORD-0"), valid("ORD-1"), invalid("ORD-2"));
        new Fakes.Results()
                .succeeded(new Fakes.ChildOutput().stored(0, rid(records.get(0)), "ORD-0", hash(records.get(0))).json)
                .pending(1, 2)
                .writeTo(store, BUCKET, "map-results/exec-1/");

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.ExceedToleratedFailureThreshold", "threshold exceeded"));

        assertThat(store.text(BUCKET, "map-results/exec-1/run-1/PENDING_0.json")).contains("\"Status\":\"PENDING\"");
        assertThat(report.counts().stored()).isEqualTo(1);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(2);
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(letters.body(1).at("/reasons/0/message").asText()).startsWith("not stored: its batch pending");
        assertThat(letters.body(2).at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(report.reconcilerParked()).filteredOn(p -> p.index() == 2).singleElement()
                .satisfies(p -> assertThat(p.why()).startsWith("its batch pending"));
    }

    /** What the child's conditional put writes for a record of the file. */
    JsonNode storedItem(JsonNode record) {
        var order = ((ValidationResult.Valid) validator.validate(record, RecordFormat.JSON)).order();
        return OrderItemMapper.toItem(order, new IngestionContext(FILE.ref(), EXECUTION, NOW));
    }

    @Test
    void aChildThatFailedAfterSomePutsHasItsStoredOrdersCountedAsStoredAndOnlyTheRestParked() throws IOException {
        var records = List.of(valid("ORD-0"), valid("ORD-1"), valid("ORD-2"), invalid("ORD-3"));
        // the child's first two puts succeeded, then it timed out: the ResultWriter has only its input and error
        table.items.put("ORD-0", storedItem(records.get(0)));
        table.items.put("ORD-1", storedItem(records.get(1)));
        var storedBefore = new java.util.LinkedHashMap<>(table.items);
        var results = new Fakes.Results().failed("States.Timeout", "The execution timed out", 0, 1, 2, 3);

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(results));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().stored()).isEqualTo(2);
        assertThat(report.counts().storedFoundInTable()).isEqualTo(2);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(2);
        assertThat(report.counts().balanced()).isTrue();
        assertThat(report.map().childrenFailed()).isEqualTo(1);
        // no order in both places: the stored ones have no DLQ message, the parked ones no item
        assertThat(report.reconcilerParked()).extracting(ReconciliationReport.Parked::index)
                .containsExactlyInAnyOrder(2, 3);
        assertThat(letters.sent).hasSize(2);
        assertThat(letters.body(2).at("/reasons/0/message").asText()).isEqualTo("not stored: its batch failed"
                + " (child-0): States.Timeout: The execution timed out");
        assertThat(letters.body(3).at("/reasons/0/code").asText()).isEqualTo("TOTAL_MISMATCH");
        assertThat(table.items).isEqualTo(storedBefore);
        assertThat(table.deleted).isEmpty();
        assertThat(table.lookups).containsExactly(java.util.Set.of("ORD-0", "ORD-1", "ORD-2"));
        assertThat(report.toJson().path("counts").path("storedFoundInTable").asLong()).isEqualTo(2);
        assertThat(report.summary()).contains("found in the table 2");
    }

    @Test
    void aFailedChildsOrderWhoseIdIsStoredWithOtherContentIsParkedSayingSoAndTheItemIsLeftAlone() throws IOException {
        var records = List.of(valid("ORD-0"));
        var other = Json.mapper().createObjectNode();
        other.putObject("orderId").put("S", "ORD-0");
        other.putObject("contentHash").put("S", "9".repeat(64));
        other.putObject("executionId").put("S", "arn:aws:states:us-east-1:123456789012:execution:order-pipeline:old");
        table.items.put("ORD-0", other);

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                succeeded(new Fakes.Results().failed("Lambda.Unknown", "Task timed out", 0)));

        assertThat(report.counts().stored()).isZero();
        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        assertThat(letters.body(0).at("/reasons/0/message").asText()).contains("Task timed out")
                .contains("the table holds orderId ORD-0 with other content (content hash " + "9".repeat(64)
                        + ", written by arn:aws:states:us-east-1:123456789012:execution:order-pipeline:old)");
        assertThat(table.items.get("ORD-0")).isEqualTo(other);
    }

    @Test
    void everyValidOrderNoChildConfirmedIsLookedUpAHundredAtATimeAndOnlyThose() throws IOException {
        var records = new ArrayList<JsonNode>();
        for (int i = 0; i < 250; i++) {
            records.add(valid("ORD-" + i));
            if (i % 2 == 0) {
                table.items.put("ORD-" + i, storedItem(records.get(i)));
            }
        }
        records.add(valid("ORD-REPORTED"));
        var results = new Fakes.Results()
                .succeeded(new Fakes.ChildOutput().stored(250, rid(records.get(250)), "ORD-REPORTED",
                        hash(records.get(250))).json);

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Succeeded(BUCKET, results.writeTo(store, BUCKET, "map-results/exec-1/")));

        assertThat(table.lookups).extracting(java.util.Set::size).containsExactly(100, 100, 50);
        assertThat(table.lookups).noneMatch(ids -> ids.contains("ORD-REPORTED"));
        assertThat(report.counts().storedFoundInTable()).isEqualTo(125);
        assertThat(report.counts().stored()).isEqualTo(126);
        assertThat(report.counts().parkedByReconciler()).isEqualTo(125);
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
    }

    @Test
    void whenTheTableCannotBeReadTheReconcileFailsInsteadOfParkingWhatMayBeStored() {
        var records = List.of(valid("ORD-0"));
        table.readFailure = "DynamoDB BatchGetItem of 1 orders: Rate of requests exceeds the allowed throughput";

        assertThatThrownBy(() -> reconciler(records).reconcile(FILE, EXECUTION,
                succeeded(new Fakes.Results().failed("States.Timeout", "The execution timed out", 0))))
                .isInstanceOf(IOException.class).hasMessageContaining("Rate of requests exceeds");
        assertThat(letters.sent).isEmpty();
    }

    /** A valid order padded with {@code blob} so that its batch of one is {@code overLimit} bytes from the quota. */
    JsonNode atPayloadLimit(String id, int index, long overLimit) {
        var record = (com.fasterxml.jackson.databind.node.ObjectNode) valid(id);
        var payload = new BatchPayload(FILE, EXECUTION);
        record.putObject("attributes").put("blob", "");
        long base = payload.loneBatchBytes(new SourceRecord(index, record, Json.write(record).length()));
        long wanted = BatchPayload.MAX_PAYLOAD_BYTES - BatchPayload.INVOKE_WRAPPER_BYTES + overLimit;
        record.putObject("attributes").put("blob", "x".repeat((int) (wanted - base)));
        return record;
    }

    @Test
    void aValidOrderNoBatchCanCarryIsStoredByTheReconcilerAndOneJustSmallerWhoseChildFailedIsParked()
            throws IOException {
        var carried = atPayloadLimit("ORD-FITS", 0, 0);
        var tooLarge = atPayloadLimit("ORD-TOO-LARGE", 1, 1);
        var records = List.of(carried, tooLarge);
        var payload = new BatchPayload(FILE, EXECUTION);
        assertThat(payload.cannotTravel(new SourceRecord(0, carried, Json.write(carried).length()))).isFalse();
        assertThat(payload.cannotTravel(new SourceRecord(1, tooLarge, Json.write(tooLarge).length()))).isTrue();

        var report = reconciler(records).reconcile(FILE, EXECUTION,
                succeeded(new Fakes.Results().failed("States.DataLimitExceeded", "The execution input is too large",
                        0).failed("States.DataLimitExceeded", "The execution input is too large", 1)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(report.counts().storedByReconciler()).isEqualTo(1);
        assertThat(table.items.get("ORD-TOO-LARGE").path("contentHash").path("S").asText()).isEqualTo(hash(tooLarge));
        assertThat(table.items).doesNotContainKey("ORD-FITS");
        assertThat(report.reconcilerParked()).singleElement().satisfies(p -> {
            assertThat(p.index()).isZero();
            assertThat(p.reason()).isEqualTo("PROCESSING_ERROR");
        });
    }

    @Test
    void aValidOrderNoChildReportedAtAllIsStoredWhenNoBatchCouldCarryIt() throws IOException {
        var tooLarge = atPayloadLimit("ORD-TOO-LARGE", 0, 50_000);

        var report = reconciler(List.of(tooLarge)).reconcile(FILE, EXECUTION,
                new Reconciler.MapOutcome.Failed("States.DataLimitExceeded", "an item is too large"));

        assertThat(report.counts().storedByReconciler()).isEqualTo(1);
        assertThat(report.counts().parked()).isZero();
        assertThat(table.items).containsKey("ORD-TOO-LARGE");
    }

    /** A valid order whose item, built for this execution, is {@code overLimit} bytes from DynamoDB's limit. */
    JsonNode atItemLimit(String id, long overLimit) {
        var record = (com.fasterxml.jackson.databind.node.ObjectNode) valid(id);
        record.putObject("attributes").put("blob", "");
        long base = io.orderpipeline.model.wire.ItemSize.of(storedItem(record));
        record.putObject("attributes").put("blob",
                "x".repeat((int) (io.orderpipeline.model.wire.ItemSize.MAX_ITEM_BYTES - base + overLimit)));
        assertThat(io.orderpipeline.model.wire.ItemSize.of(storedItem(record)))
                .isEqualTo(io.orderpipeline.model.wire.ItemSize.MAX_ITEM_BYTES + overLimit);
        return record;
    }

    @Test
    void onlyAnItemOverDynamoDbsLimitIsParkedNamingTheLimitAndOneAtTheLimitIsStored() throws IOException {
        // two records no batch could carry (their children failed), one the validator deferred
        var atLimit = atItemLimit("ORD-AT-LIMIT", 0);
        var overLimit = atItemLimit("ORD-OVER-LIMIT", 1);
        var deferredOver = atItemLimit("ORD-DEFERRED", 1);
        var all = List.of(atLimit, overLimit, deferredOver);
        var output = new Fakes.ChildOutput().deferred(2, rid(deferredOver), "RECORD_TOO_LARGE");

        var report = reconciler(all).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results()
                .succeeded(output.json).failed("States.DataLimitExceeded", "The execution input is too large", 0, 1)));

        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
        assertThat(table.items).containsOnlyKeys("ORD-AT-LIMIT");
        assertThat(report.counts().storedByReconciler()).isEqualTo(1);
        assertThat(report.reconcilerParked()).extracting(ReconciliationReport.Parked::index,
                        ReconciliationReport.Parked::reason, ReconciliationReport.Parked::claimCheck)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "RECORD_TOO_LARGE", true),
                        org.assertj.core.groups.Tuple.tuple(2, "RECORD_TOO_LARGE", true));
        var reason = letters.body(1).at("/reasons/0");
        assertThat(reason.path("message").asText()).isEqualTo("its DynamoDB item is 409601 bytes, more than"
                + " DynamoDB's 400 KB item limit (409600 bytes)");
        assertThat(letters.body(1).path("reasons")).hasSize(1);
        assertThat(letters.body(1).path("record")).isEqualTo(overLimit);
        assertThat(letters.body(2).at("/reasons/0/message").asText()).contains("409601 bytes");
    }

    @Test
    void aValidOrderWhoseWriteMessageWasUnsentIsParkedNamingTheFailedSend() throws IOException {
        var records = List.of(valid("ORD-1"));
        var output = new Fakes.ChildOutput().unsentWrite(0, rid(records.get(0)), "DUPLICATE_ORDER_CONFLICT");

        var report = reconciler(records).reconcile(FILE, EXECUTION, succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(report.counts().parkedByReconciler()).isEqualTo(1);
        assertThat(letters.body(0).at("/reasons/0/message").asText()).isEqualTo("not stored: its DLQ message could"
                + " not be sent: SQS.AmazonSQSException: Access to the resource is denied");
        assertThat(letters.body(0).path("record")).isEqualTo(records.get(0));
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
    }

    @Test
    void anAlteredOrderWhoseMessageWithTheRemovedItemIsOverSqsLimitGoesByClaimCheckWithTheSizeReasonFirst()
            throws IOException {
        // 60 KB as written (within the 64 KiB rule), but each number of the array is {"N":"0"} in the item: 330 KB
        var record = (com.fasterxml.jackson.databind.node.ObjectNode) valid("ORD-1");
        var codes = record.putObject("attributes").putArray("codes");
        for (int i = 0; i < 30_000; i++) {
            codes.add(0);
        }
        var order = ((ValidationResult.Valid) validator.validate(record, RecordFormat.JSON)).order();
        var item = OrderItemMapper.toItem(order, new IngestionContext(FILE.ref(), EXECUTION, NOW));
        var otherHash = "2".repeat(64);
        item.putObject("contentHash").put("S", otherHash);
        table.items.put("ORD-1", item);
        var output = new Fakes.ChildOutput().stored(0, rid(record), "ORD-1", otherHash);

        var report = reconciler(List.of(record)).reconcile(FILE, EXECUTION,
                succeeded(new Fakes.Results().succeeded(output.json)));

        assertThat(table.deleted).containsExactly("ORD-1");
        var body = letters.body(0);
        assertThat(body.path("alteredItem")).isEqualTo(item);
        assertThat(body.at("/reasons/0/code").asText()).isEqualTo("RECORD_TOO_LARGE");
        var measured = java.util.regex.Pattern.compile("the DLQ message is (\\d+) bytes, more than SQS's 262144: its"
                + " body is stored in S3 \\(claim check\\)").matcher(body.at("/reasons/0/message").asText());
        assertThat(measured.matches()).isTrue();
        assertThat(Long.parseLong(measured.group(1))).isGreaterThan(DeadLetters.SQS_MAX_MESSAGE_BYTES)
                .isLessThan(letters.sent.getFirst().sizeInBytes());
        assertThat(body.at("/reasons/1/code").asText()).isEqualTo("ALTERED_IN_TRANSIT");
        assertThat(letters.sent.getFirst().attributes()).containsEntry("reasonCode", "RECORD_TOO_LARGE");
        assertThat(report.reconcilerParked()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("RECORD_TOO_LARGE");
            assertThat(p.claimCheck()).isTrue();
        });
        assertThat(report.counts().altered()).isEqualTo(1);
        assertThat(report.outcome()).isEqualTo(ReconciliationReport.Outcome.CONSERVED);
    }
}
