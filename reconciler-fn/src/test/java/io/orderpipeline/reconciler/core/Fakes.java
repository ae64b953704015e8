package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** In-memory stand-ins for the reconciler's ports, and builders for the Map's result files. */
final class Fakes {

    private Fakes() {
    }

    /** The file's records, split already (the item-reader's job is tested in its own module). */
    static final class Records implements SourceRecords {
        private final List<JsonNode> values;
        private final int failAt;

        Records(List<JsonNode> values) {
            this(values, -1);
        }

        /** @param failAt the index at which the file turns out unreadable, or -1 */
        Records(List<JsonNode> values, int failAt) {
            this.values = values;
            this.failAt = failAt;
        }

        @Override
        public Cursor open(SourceFile file) {
            return new Cursor() {
                int next;

                @Override
                public SourceRecord next() throws IOException {
                    if (next == failAt) {
                        throw new Unreadable("line " + (next + 1) + ": not valid JSON [MALFORMED_JSON]", null);
                    }
                    if (next >= values.size()) {
                        return null;
                    }
                    JsonNode value = values.get(next);
                    return new SourceRecord(next++, value, Json.write(value).getBytes(StandardCharsets.UTF_8).length);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    static final class Letters implements DeadLetters {
        final List<Letter> sent = new ArrayList<>();
        Predicate<Letter> fails = l -> false;

        @Override
        public List<Outcome> send(List<Letter> letters) {
            var outcomes = new ArrayList<Outcome>();
            for (Letter letter : letters) {
                if (fails.test(letter)) {
                    outcomes.add(new Outcome(letter.id(), false, false,
                            "SQS.QueueDoesNotExistException: The specified queue does not exist."));
                } else {
                    sent.add(letter);
                    outcomes.add(new Outcome(letter.id(), true, letter.sizeInBytes() > SQS_MAX_MESSAGE_BYTES, null));
                }
            }
            return outcomes;
        }

        JsonNode body(int index) throws IOException {
            for (Letter letter : sent) {
                JsonNode body = Json.read(letter.body());
                if (body.path("recordIndex").asInt(-1) == index) {
                    return body;
                }
            }
            return null;
        }
    }

    static final class Table implements OrderTable {
        final Map<String, JsonNode> items = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();
        /** when set, every put fails with this message */
        String putFailure;
        /** when set, every read fails with this message */
        String readFailure;
        /** the ids of each {@link #getAll} call */
        final List<java.util.Set<String>> lookups = new ArrayList<>();

        @Override
        public PutOutcome put(JsonNode item) throws IOException {
            if (putFailure != null) {
                throw new IOException(putFailure);
            }
            String orderId = item.path("orderId").path("S").asText();
            JsonNode stored = items.get(orderId);
            if (stored != null && !stored.path("contentHash").equals(item.path("contentHash"))) {
                return PutOutcome.CONFLICT;
            }
            items.put(orderId, item);
            return PutOutcome.STORED;
        }

        @Override
        public JsonNode get(String orderId) {
            return items.get(orderId);
        }

        @Override
        public Map<String, JsonNode> getAll(java.util.Set<String> orderIds) throws IOException {
            if (readFailure != null) {
                throw new IOException(readFailure);
            }
            if (orderIds.size() > UnconfirmedOrders.CHUNK) {
                throw new IllegalArgumentException("more keys than BatchGetItem takes: " + orderIds.size());
            }
            lookups.add(java.util.Set.copyOf(orderIds));
            var found = new LinkedHashMap<String, JsonNode>();
            orderIds.forEach(id -> {
                if (items.containsKey(id)) {
                    found.put(id, items.get(id));
                }
            });
            return found;
        }

        @Override
        public boolean deleteIfUnchanged(String orderId, String contentHash, String executionId) {
            JsonNode item = items.get(orderId);
            if (item == null || !contentHash.equals(item.path("contentHash").path("S").asText())
                    || !executionId.equals(item.path("executionId").path("S").asText())) {
                return false;
            }
            items.remove(orderId);
            deleted.add(orderId);
            return true;
        }
    }

    /**
     * The ResultWriter's files for one map run as AWS lays them out
     * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html): {@code manifest.json}
     * ({@code DestinationBucket}, {@code MapRunArn}, {@code ResultFiles} with {@code FAILED}, {@code PENDING} and
     * {@code SUCCEEDED} lists of {@code {Key, Size}}) and {@code <STATUS>_n.json} files, each a JSON array of child
     * executions whose {@code Input} and {@code Output} are JSON text. A pending child (its map run failed before it
     * started) has only its input and status.
     */
    static final class Results {
        static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:order-pipeline/ProcessJson";
        private final ArrayNode succeeded = Json.mapper().createArrayNode();
        private final ArrayNode failed = Json.mapper().createArrayNode();
        private final ArrayNode pending = Json.mapper().createArrayNode();
        private int children;
        private int childrenPerFile = Integer.MAX_VALUE;

        /** A child that succeeded with this output (data-contracts §2a). */
        Results succeeded(JsonNode output) {
            ObjectNode child = execution("SUCCEEDED");
            child.put("Input", "{\"Items\":[]}");
            child.put("Output", Json.write(output));
            child.putObject("OutputDetails").put("Included", true);
            succeeded.add(child);
            return this;
        }

        /** A child that failed, holding these indexes. */
        Results failed(String error, String cause, int... indexes) {
            ObjectNode child = execution("FAILED");
            child.put("Input", input(indexes));
            child.put("Error", error);
            child.put("Cause", cause);
            failed.add(child);
            return this;
        }

        /** A child the map run never started, holding these indexes. */
        Results pending(int... indexes) {
            ObjectNode child = Json.mapper().createObjectNode();
            child.put("Input", input(indexes));
            child.putObject("InputDetails").put("Included", true);
            child.put("Status", "PENDING");
            pending.add(child);
            return this;
        }

        /** Splits each status over files of at most {@code n} children (SUCCEEDED_0.json, SUCCEEDED_1.json, …). */
        Results childrenPerFile(int n) {
            childrenPerFile = n;
            return this;
        }

        private ObjectNode execution(String status) {
            ObjectNode child = Json.mapper().createObjectNode();
            String name = "child-" + children++;
            child.put("ExecutionArn", STATE_MACHINE.replace(":stateMachine:", ":express:") + ":run-1:" + name);
            child.putObject("InputDetails").put("Included", true);
            child.put("Name", name);
            child.put("RedriveCount", 0);
            child.put("RedriveStatus", "NOT_REDRIVABLE");
            child.put("StartDate", "2026-11-24T09:59:58.100Z");
            child.put("StateMachineArn", STATE_MACHINE);
            child.put("Status", status);
            child.put("StopDate", "2026-11-24T09:59:59.100Z");
            return child;
        }

        private static String input(int... indexes) {
            ObjectNode input = Json.mapper().createObjectNode();
            ArrayNode items = input.putArray("Items");
            for (int index : indexes) {
                items.addObject().put("index", index).putObject("record");
            }
            input.putObject("BatchInput").put("format", "JSON");
            return Json.write(input);
        }

        /** Writes the files under {@code prefix/run-1/}; returns the manifest's key. */
        String writeTo(InMemoryObjectStore store, String bucket, String prefix) {
            String folder = prefix + "run-1/";
            ObjectNode manifest = Json.mapper().createObjectNode();
            manifest.put("DestinationBucket", bucket);
            manifest.put("MapRunArn", "arn:aws:states:us-east-1:123456789012:mapRun:order-pipeline/ProcessJson:run-1");
            ObjectNode files = manifest.putObject("ResultFiles");
            write(store, bucket, folder, "FAILED", failed, files.putArray("FAILED"));
            write(store, bucket, folder, "PENDING", pending, files.putArray("PENDING"));
            write(store, bucket, folder, "SUCCEEDED", succeeded, files.putArray("SUCCEEDED"));
            store.put(bucket, folder + "manifest.json", Json.write(manifest));
            return folder + "manifest.json";
        }

        private void write(InMemoryObjectStore store, String bucket, String folder, String status, ArrayNode entries,
                           ArrayNode listing) {
            for (int from = 0, n = 0; from < entries.size(); from += childrenPerFile, n++) {
                ArrayNode file = Json.mapper().createArrayNode();
                for (int i = from; i < Math.min(entries.size(), from + childrenPerFile); i++) {
                    file.add(entries.get(i));
                }
                String key = folder + status + "_" + n + ".json";
                String text = Json.write(file);
                store.put(bucket, key, text);
                listing.addObject().put("Key", key).put("Size", text.getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    /** One child's output (data-contracts §2a), built entry by entry. */
    static final class ChildOutput {
        final ObjectNode json = Json.mapper().createObjectNode();
        private final ArrayNode records;
        private final ArrayNode writes;
        private final ArrayNode sends;

        ChildOutput() {
            ObjectNode report = json.putObject("report");
            records = report.putArray("records");
            writes = json.putArray("writes");
            sends = json.putArray("sends");
        }

        ChildOutput stored(int index, String recordId, String orderId, String contentHash) {
            records.addObject().put("index", index).put("recordId", recordId).put("outcome", "VALID");
            writes.addObject().put("index", index).put("outcome", "STORED").put("orderId", orderId)
                    .put("contentHash", contentHash);
            return this;
        }

        ChildOutput conflict(int index, String recordId) {
            records.addObject().put("index", index).put("recordId", recordId).put("outcome", "VALID");
            writes.addObject().put("index", index).put("outcome", "PARKED").put("reason", "DUPLICATE_ORDER_CONFLICT");
            return this;
        }

        ChildOutput parked(int index, String recordId, String reason) {
            records.addObject().put("index", index).put("recordId", recordId).put("outcome", "INVALID")
                    .put("reason", reason);
            sends.addObject().put("index", index).put("outcome", "PARKED");
            return this;
        }

        ChildOutput unsent(int index, String recordId, String reason) {
            records.addObject().put("index", index).put("recordId", recordId).put("outcome", "INVALID")
                    .put("reason", reason);
            sends.addObject().put("index", index).put("outcome", "UNSENT").put("error", "SQS.SdkClientException")
                    .put("cause", "Unable to execute HTTP request");
            return this;
        }

        /** A valid order whose put was refused or failed, and whose DLQ send failed too. */
        ChildOutput unsentWrite(int index, String recordId, String reason) {
            records.addObject().put("index", index).put("recordId", recordId).put("outcome", "VALID");
            writes.addObject().put("index", index).put("outcome", "UNSENT").put("reason", reason)
                    .put("error", "SQS.AmazonSQSException").put("cause", "Access to the resource is denied");
            return this;
        }

        ChildOutput deferred(int index, String recordId, String reason) {
            records.addObject().put("index", index).put("recordId", recordId).put("outcome", "DEFERRED")
                    .put("reason", reason);
            return this;
        }

        ChildOutput blank(int index) {
            records.addObject().put("index", index).put("outcome", "BLANK");
            return this;
        }
    }
}
