package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading a Distributed Map's ResultWriter files (AWS's layout, see {@link Fakes.Results}) into the ledger: every
 * outcome a child reports, failed and pending children, several result files, JSON Lines output, and children whose
 * output cannot be read.
 */
class MapResultsTest {

    static final String BUCKET = "orders-bucket";
    static final String PREFIX = "map-results/exec-1/";
    static final String HASH = "5f0c9a7e3b2d4c1f8e6a9b0c7d2e4f1a3b5c7d9e0f1a2b3c4d5e6f708192a3b4";

    final InMemoryObjectStore store = new InMemoryObjectStore();
    final MapResults results = new MapResults(store);
    final Ledger ledger = new Ledger();

    MapResults.Summary read(Fakes.Results written) throws IOException {
        String manifest = written.writeTo(store, BUCKET, PREFIX);
        return results.read(List.of(new MapResults.Location(BUCKET, manifest)), ledger);
    }

    @Test
    void everyOutcomeASucceededChildReportsLandsInTheLedger() throws IOException {
        var output = new Fakes.ChildOutput()
                .stored(0, "rid-0", "ORD-0", HASH)
                .parked(1, "rid-1", "TOTAL_MISMATCH")
                .blank(2)
                .deferred(3, "rid-3", "BATCH_OUTPUT_FULL")
                .unsent(4, "rid-4", "INVALID_SKU")
                .conflict(5, "rid-5")
                .unsentWrite(6, "rid-6", "PROCESSING_ERROR");

        var summary = read(new Fakes.Results().succeeded(output.json));

        assertThat(summary.childrenSucceeded()).isEqualTo(1);
        assertThat(summary.mapRunArns()).containsExactly(
                "arn:aws:states:us-east-1:123456789012:mapRun:order-pipeline/ProcessJson:run-1");
        assertThat(summary.manifests()).containsExactly(PREFIX + "run-1/manifest.json");
        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.STORED);
        assertThat(ledger.contentHashEquals(0, HASH)).isTrue();
        assertThat(ledger.recordIdDiffers(0, "rid-0")).isFalse();
        assertThat(ledger.state(1)).isEqualTo(Ledger.Reported.PARKED);
        assertThat(ledger.reason(1)).isEqualTo("TOTAL_MISMATCH");
        assertThat(ledger.state(2)).isEqualTo(Ledger.Reported.BLANK);
        assertThat(ledger.state(3)).isEqualTo(Ledger.Reported.DEFERRED);
        assertThat(ledger.reason(3)).isEqualTo("BATCH_OUTPUT_FULL");
        assertThat(ledger.note(3)).isEqualTo("deferred by the validator (BATCH_OUTPUT_FULL)");
        assertThat(ledger.state(4)).isEqualTo(Ledger.Reported.UNSENT);
        assertThat(ledger.note(4)).isEqualTo("its DLQ message could not be sent: SQS.SdkClientException: Unable to"
                + " execute HTTP request");
        assertThat(ledger.state(5)).isEqualTo(Ledger.Reported.PARKED);
        assertThat(ledger.reason(5)).isEqualTo("DUPLICATE_ORDER_CONFLICT");
        assertThat(ledger.state(6)).isEqualTo(Ledger.Reported.UNSENT);
        assertThat(ledger.note(6)).contains("SQS.AmazonSQSException").contains("Access to the resource is denied");
    }

    @Test
    void aFailedChildsIndexesComeFromItsInputWithItsErrorAndCause() throws IOException {
        var summary = read(new Fakes.Results().failed("States.Timeout", "The execution timed out", 7, 8));

        assertThat(summary.childrenFailed()).isEqualTo(1);
        assertThat(ledger.state(7)).isEqualTo(Ledger.Reported.FAILED);
        assertThat(ledger.state(8)).isEqualTo(Ledger.Reported.FAILED);
        assertThat(ledger.note(7)).isEqualTo("its batch failed (child-0): States.Timeout: The execution timed out");
        assertThat(ledger.state(6)).isEqualTo(Ledger.Reported.NONE);
    }

    @Test
    void aFailedLambdaTasksErrorDocumentIsNamedByItsTypeAndMessageWithoutItsStackTrace() throws IOException {
        String cause = "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":"
                + "[\"io.orderpipeline.validator.ValidateBatchHandler.handleRequest(ValidateBatchHandler.java:80)\"]}";
        read(new Fakes.Results().failed("Lambda.Unknown", cause, 3));

        assertThat(ledger.note(3)).isEqualTo("its batch failed (child-0): Lambda.Unknown:"
                + " java.lang.IllegalStateException: boom");
        assertThat(MapResults.withoutStackTrace("not JSON {")).isEqualTo("not JSON {");
        assertThat(MapResults.withoutStackTrace("{\"other\":1}")).isEqualTo("{\"other\":1}");
    }

    @Test
    void aPendingChildsRecordsAreKnownNotToHaveBeenProcessed() throws IOException {
        var summary = read(new Fakes.Results().pending(0, 1));

        assertThat(store.list(BUCKET, PREFIX + "run-1/PENDING_0.json")).hasSize(1);
        assertThat(summary.childrenFailed()).isEqualTo(1);
        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.FAILED);
        assertThat(ledger.note(1)).startsWith("its batch pending");
    }

    @Test
    void everyResultFileTheManifestListsIsRead() throws IOException {
        var written = new Fakes.Results().childrenPerFile(1);
        for (int i = 0; i < 3; i++) {
            written.succeeded(new Fakes.ChildOutput().stored(i, "rid-" + i, "ORD-" + i, HASH).json);
        }
        written.failed("Lambda.Unknown", "boom", 3).failed("Lambda.Unknown", "boom", 4);

        var summary = read(written);

        assertThat(store.list(BUCKET, PREFIX + "run-1/")).contains(PREFIX + "run-1/SUCCEEDED_2.json",
                PREFIX + "run-1/FAILED_1.json");
        assertThat(summary.childrenSucceeded()).isEqualTo(3);
        assertThat(summary.childrenFailed()).isEqualTo(2);
        assertThat(ledger.state(2)).isEqualTo(Ledger.Reported.STORED);
        assertThat(ledger.state(4)).isEqualTo(Ledger.Reported.FAILED);
    }

    @Test
    void resultFilesWrittenAsJsonLinesAreReadChildByChild() throws IOException {
        // WriterConfig OutputType JSONL: one child per line
        ObjectNode child = Json.mapper().createObjectNode().put("Name", "child-0").put("Status", "SUCCEEDED")
                .put("Output", Json.write(new Fakes.ChildOutput().stored(0, "rid-0", "ORD-0", HASH).json));
        ObjectNode other = Json.mapper().createObjectNode().put("Name", "child-1").put("Status", "SUCCEEDED")
                .put("Output", Json.write(new Fakes.ChildOutput().parked(1, "rid-1", "NO_ITEMS").json));
        store.put(BUCKET, PREFIX + "run-1/SUCCEEDED_0.json", Json.write(child) + "\n" + Json.write(other) + "\n");
        store.put(BUCKET, PREFIX + "run-1/manifest.json", "{\"DestinationBucket\":\"" + BUCKET + "\",\"ResultFiles\":"
                + "{\"FAILED\":[],\"PENDING\":[],\"SUCCEEDED\":[{\"Key\":\"" + PREFIX + "run-1/SUCCEEDED_0.json\"}]}}");

        var summary = results.read(List.of(new MapResults.Location(BUCKET, PREFIX + "run-1/manifest.json")), ledger);

        assertThat(summary.childrenSucceeded()).isEqualTo(2);
        assertThat(summary.mapRunArns()).isEmpty();
        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.STORED);
        assertThat(ledger.reason(1)).isEqualTo("NO_ITEMS");
    }

    @Test
    void aChildWhoseOutputOrInputCannotBeReadIsCountedAndLeavesItsRecordsUnreported() throws IOException {
        var written = new Fakes.Results()
                .succeeded(Json.mapper().createObjectNode().put("unexpected", true))
                .succeeded(new Fakes.ChildOutput().stored(0, "rid-0", "ORD-0", HASH).json);
        String manifest = written.writeTo(store, BUCKET, PREFIX);
        // a failed child whose input is not JSON text
        String failed = "[{\"Name\":\"child-9\",\"Status\":\"FAILED\",\"Input\":\"{not json\",\"Error\":\"x\"}]";
        store.put(BUCKET, PREFIX + "run-1/FAILED_0.json", failed);
        ObjectNode tree = (ObjectNode) Json.read(store.text(BUCKET, manifest));
        ((ObjectNode) tree.path("ResultFiles")).putArray("FAILED").addObject().put("Key", PREFIX + "run-1/FAILED_0.json");
        store.put(BUCKET, manifest, Json.write(tree));

        var summary = results.read(List.of(new MapResults.Location(BUCKET, manifest)), ledger);

        assertThat(summary.unreadableChildren()).isEqualTo(2);
        assertThat(summary.childrenSucceeded()).isEqualTo(1);
        assertThat(summary.childrenFailed()).isZero();
        assertThat(ledger.state(0)).isEqualTo(Ledger.Reported.STORED);
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void afterAFailedMapEveryManifestUnderTheExecutionsPrefixIsFoundAndNothingElse() throws IOException {
        new Fakes.Results().succeeded(new Fakes.ChildOutput().stored(0, "rid-0", "ORD-0", HASH).json)
                .writeTo(store, BUCKET, PREFIX);
        store.put(BUCKET, PREFIX + "reconciliation.json", "{}");
        store.put(BUCKET, "map-results/exec-2/run-1/manifest.json", "{}");

        assertThat(results.findManifests(BUCKET, PREFIX))
                .containsExactly(new MapResults.Location(BUCKET, PREFIX + "run-1/manifest.json"));
        assertThat(results.findManifests(BUCKET, "map-results/exec-3/")).isEmpty();
    }

    @Test
    void aResultFileTheManifestListsButS3DoesNotHoldIsAnErrorNotASilentGap() {
        store.put(BUCKET, PREFIX + "run-1/manifest.json", "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Key\":\"" + PREFIX
                + "run-1/SUCCEEDED_0.json\"}]}}");

        assertThatThrownBy(() -> results.read(List.of(new MapResults.Location(BUCKET, PREFIX + "run-1/manifest.json")),
                ledger)).isInstanceOf(IOException.class).hasMessageContaining("SUCCEEDED_0.json");
    }

    @Test
    void theSecondPassReturnsOnlyTheWritesAskedFor() throws IOException {
        var output = new Fakes.ChildOutput().stored(0, "rid-0", "ORD-0", HASH).stored(1, "rid-1", "ORD-1", HASH)
                .conflict(2, "rid-2");
        String manifest = new Fakes.Results().succeeded(output.json).writeTo(store, BUCKET, PREFIX);
        var manifests = List.of(new MapResults.Location(BUCKET, manifest));

        Map<Integer, MapResults.Write> writes = results.writes(manifests, Set.of(1, 2, 9));

        assertThat(writes).containsOnlyKeys(1, 2);
        assertThat(writes.get(1)).isEqualTo(new MapResults.Write(1, "STORED", "ORD-1", HASH));
        assertThat(writes.get(2).outcome()).isEqualTo("PARKED");
        assertThat(writes.get(2).orderId()).isNull();
        assertThat(results.writes(manifests, Set.of())).isEmpty();
    }
}
