package io.orderpipeline.reconciler;

import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.reconciler.core.Reconciler;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTest {

    @Test
    void reconcileAfterASucceededMapNamesItsManifest() throws IOException {
        var request = Request.parse(Json.read("""
                {"action": "RECONCILE", "state": {"bucket": "b", "key": "incoming/a.CSV", "versionId": "v1", "etag": "e",
                 "executionId": "arn:aws:states:us-east-1:1:execution:m:x", "inspection": {"format": "CSV"},
                 "mapRun": {"MapRunArn": "arn", "ResultWriterDetails": {"Bucket": "b", "Key": "map-results/x/r/manifest.json"}}}}
                """));
        assertThat(request).isInstanceOfSatisfying(Request.Reconcile.class, r -> {
            assertThat(r.file().format()).isEqualTo(RecordFormat.CSV);
            assertThat(r.file().versionId()).isEqualTo("v1");
            assertThat(r.map()).isEqualTo(new Reconciler.MapOutcome.Succeeded("b", "map-results/x/r/manifest.json"));
        });
    }

    @Test
    void reconcileAfterAFailedMapCarriesItsError() throws IOException {
        var request = Request.parse(Json.read("""
                {"action": "RECONCILE", "state": {"bucket": "b", "key": "incoming/a.json", "versionId": null,
                 "executionId": "arn:aws:states:us-east-1:1:execution:m:x",
                 "mapError": {"Error": "States.ItemReaderFailed", "Cause": "not JSON"}}}
                """));
        assertThat(request).isInstanceOfSatisfying(Request.Reconcile.class, r -> {
            assertThat(r.file().format()).isEqualTo(RecordFormat.JSON);
            assertThat(r.file().versionId()).isNull();
            assertThat(r.map()).isEqualTo(new Reconciler.MapOutcome.Failed("States.ItemReaderFailed", "not JSON"));
        });
    }

    @Test
    void inspectNamesTheObject() throws IOException {
        var request = Request.parse(Json.read("""
                {"action": "INSPECT", "source": {"bucket": "b", "key": "incoming/a.json", "versionId": "v"},
                 "executionId": "arn:x"}"""));
        assertThat(request).isEqualTo(new Request.Inspect("b", "incoming/a.json", "v", null, null, "arn:x"));
    }

    @Test
    void inspectCarriesTheEventsSizeAndEtagWhenTheStateMachineSendsThem() throws IOException {
        var request = Request.parse(Json.read("""
                {"action": "INSPECT", "source": {"bucket": "b", "key": "incoming/red+flower.json", "versionId": "v",
                 "size": 42, "etag": "b1946ac92492d2347c6235b4d2611184"}, "executionId": "arn:x"}"""));
        assertThat(request).isEqualTo(new Request.Inspect("b", "incoming/red+flower.json", "v", 42L,
                "b1946ac92492d2347c6235b4d2611184", "arn:x"));
    }

    @Test
    void anythingElseIsRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> Request.parse(Json.read("{\"action\":\"PURGE\"}")))
                .hasMessageContaining("INSPECT or RECONCILE");
        assertThatThrownBy(() -> Request.parse(Json.read("{\"action\":\"RECONCILE\",\"state\":{\"bucket\":\"b\","
                + "\"key\":\"incoming/a.json\",\"executionId\":\"x\"}}"))).hasMessageContaining("mapRun");
    }
}
