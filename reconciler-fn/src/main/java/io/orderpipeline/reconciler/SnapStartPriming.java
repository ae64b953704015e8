package io.orderpipeline.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.lambda.snapstart.PrimingResource;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.model.wire.ContentHash;
import io.orderpipeline.model.json.Json;
import io.orderpipeline.model.rules.OrderValidator;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.reconciler.aws.ItemReaderRecords;
import io.orderpipeline.reconciler.core.DeadLetters;
import io.orderpipeline.reconciler.core.Inspector;
import io.orderpipeline.reconciler.core.InMemoryObjectStore;
import io.orderpipeline.reconciler.core.OrderTable;
import io.orderpipeline.reconciler.core.Reconciler;
import io.orderpipeline.reconciler.core.ReconciliationReport;
import io.orderpipeline.model.wire.FileRecords;
import io.orderpipeline.reconciler.core.SourceFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * SnapStart priming (lambda-support's {@link PrimingResource}): runs the reconciler's CPU-side path on bundled samples —
 * item-reader's split of a JSON file and a CSV header, order-model's validation and content hash, record identities,
 * the result files' parsing into the ledger, the decisions, a message body, the report's JSON — against in-memory
 * stand-ins of S3, SQS and DynamoDB. No AWS call, no metric, no business log line.
 */
final class SnapStartPriming extends PrimingResource<ReconciliationReport> {

    static final String SAMPLE_FILE = "/priming/orders.json";
    static final String SAMPLE_CSV = "/priming/orders.csv";
    private static final String BUCKET = "priming-bucket";
    private static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:priming:priming";

    private final Clock clock;

    SnapStartPriming(Tracing tracing, Clock clock) {
        super(tracing, ReconcilerHandler.CORRELATION_ID);
        this.clock = clock;
    }

    /** One pass; the report for tests. */
    @Override
    protected ReconciliationReport pass() throws IOException {
        var store = new InMemoryObjectStore();
        byte[] file = sample(SAMPLE_FILE);
        store.put(BUCKET, "incoming/orders.json", file, "application/json");
        store.put(BUCKET, "incoming/orders.csv", sample(SAMPLE_CSV), "text/csv");
        var validator = new OrderValidator(clock);
        var source = new SourceFile(BUCKET, "incoming/orders.json", null, null, RecordFormat.JSON);

        // what a child would have reported: the first order stored, the rest left to the reconciler
        JsonNode records = Json.read(new String(file, StandardCharsets.UTF_8));
        ObjectNode output = Json.mapper().createObjectNode();
        ArrayNode reported = output.putObject("report").putArray("records");
        ArrayNode writes = output.putArray("writes");
        output.putArray("sends");
        JsonNode first = records.get(0);
        String hash = ContentHash.of(((ValidationResult.Valid) validator.validate(first, RecordFormat.JSON)).order());
        reported.addObject().put("index", 0).put("recordId", FileRecords.orderRecordId(source.key(), hash))
                .put("outcome", "VALID");
        writes.addObject().put("index", 0).put("outcome", "STORED").put("orderId", first.path("orderId").asText())
                .put("contentHash", hash);
        ArrayNode children = Json.mapper().createArrayNode();
        children.addObject().put("Status", "SUCCEEDED").put("Output", Json.write(output));
        store.put(BUCKET, "map-results/priming/run/SUCCEEDED_0.json", Json.write(children));
        store.put(BUCKET, "map-results/priming/run/manifest.json", "{\"DestinationBucket\":\"" + BUCKET + "\","
                + "\"ResultFiles\":{\"FAILED\":[],\"PENDING\":[],\"SUCCEEDED\":[{\"Key\":"
                + "\"map-results/priming/run/SUCCEEDED_0.json\"}]}}");

        var records2 = new ItemReaderRecords(store);
        // the same steps as any file's, the size check included (the sample is far under any limit)
        var inspection = new Inspector(store, records2, Long.MAX_VALUE).inspect(BUCKET, "incoming/orders.csv", null);
        if (inspection.format() != RecordFormat.CSV) {
            throw new IllegalStateException("the priming CSV sample must pass inspection: " + inspection);
        }
        var reconciler = new Reconciler(store, records2, validator, new Discard(), new NoTable(),
                new Reconciler.Settings(BUCKET, "map-results/"), clock);
        var report = reconciler.reconcile(source, EXECUTION,
                new Reconciler.MapOutcome.Succeeded(BUCKET, "map-results/priming/run/manifest.json"));
        reconciler.writeReport(report);
        // the summary the handler logs and returns
        String summary = report.summary();
        if (report.counts().stored() != 1 || report.counts().parkedByReconciler() != 2) {
            throw new IllegalStateException("the priming sample must give 1 stored and 2 parked: " + summary);
        }
        return report;
    }

    /** Builds nothing on the wire: every letter "sent" (priming must not reach SQS). */
    private static final class Discard implements DeadLetters {
        @Override
        public List<Outcome> send(List<Letter> letters) {
            return letters.stream().map(l -> new Outcome(l.id(), true, l.sizeInBytes() > SQS_MAX_MESSAGE_BYTES, null))
                    .toList();
        }
    }

    private static final class NoTable implements OrderTable {
        @Override
        public PutOutcome put(JsonNode item) {
            return PutOutcome.STORED;
        }

        @Override
        public JsonNode get(String orderId) {
            return null;
        }

        @Override
        public java.util.Map<String, JsonNode> getAll(java.util.Set<String> orderIds) {
            return java.util.Map.of();
        }

        @Override
        public boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) {
            return false;
        }
    }
}
