package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads what a Distributed Map's ResultWriter wrote — {@code <prefix>/<map run id>/manifest.json} and the
 * {@code SUCCEEDED_n.json}, {@code FAILED_n.json} and {@code PENDING_n.json} files it lists, each a JSON array of child
 * executions with {@code Status}, {@code Input}, {@code Output} (succeeded), {@code Error} and {@code Cause} (failed),
 * the input and output as JSON text (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html)
 * — into a {@link Ledger}. Files are read one child at a time: a run's results are never held whole.
 */
public final class MapResults {

    private static final ObjectMapper JSON = Json.mapper();

    /** Where one manifest is. */
    public record Location(String bucket, String key) {
    }

    /**
     * What was read.
     *
     * @param unreadableChildren children whose output or input could not be read as data-contracts.md §2a says
     *                           (their records stay unreported, so the reconciler parks them)
     */
    public record Summary(List<String> manifests, List<String> mapRunArns, int childrenSucceeded, int childrenFailed,
                          int unreadableChildren) {
    }

    /** One entry of a child's {@code writes}: what the conditional put did with one valid order. */
    public record Write(int index, String outcome, String orderId, String contentHash) {
    }

    private final ObjectStore store;

    public MapResults(ObjectStore store) {
        this.store = store;
    }

    /** Every manifest under {@code prefix} (the execution's result prefix): what a failed Map left behind. */
    public List<Location> findManifests(String bucket, String prefix) throws IOException {
        var manifests = new ArrayList<Location>();
        for (String key : store.list(bucket, prefix)) {
            if (key.endsWith("/manifest.json")) {
                manifests.add(new Location(bucket, key));
            }
        }
        return manifests;
    }

    public Summary read(List<Location> manifests, Ledger ledger) throws IOException {
        var arns = new LinkedHashSet<String>();
        int[] counts = new int[3];
        for (Location manifest : manifests) {
            JsonNode tree;
            try (InputStream in = store.open(manifest.bucket(), manifest.key(), null)) {
                tree = JSON.readTree(in);
            }
            if (tree.hasNonNull("MapRunArn")) {
                arns.add(tree.get("MapRunArn").asText());
            }
            String bucket = tree.path("DestinationBucket").asText(manifest.bucket());
            JsonNode files = tree.path("ResultFiles");
            for (String status : List.of("SUCCEEDED", "FAILED", "PENDING")) {
                for (JsonNode file : files.path(status)) {
                    eachChild(bucket, file.path("Key").asText(), child -> {
                        switch (apply(child, ledger)) {
                            case SUCCEEDED -> counts[0]++;
                            case FAILED -> counts[1]++;
                            case UNREADABLE -> counts[2]++;
                        }
                    });
                }
            }
        }
        return new Summary(manifests.stream().map(Location::key).toList(), List.copyOf(arns), counts[0], counts[1],
                counts[2]);
    }

    /** The {@code writes} entries the succeeded children reported for {@code indexes} (a second, rare pass). */
    public Map<Integer, Write> writes(List<Location> manifests, Set<Integer> indexes) throws IOException {
        var found = new HashMap<Integer, Write>();
        if (indexes.isEmpty()) {
            return found;
        }
        for (Location manifest : manifests) {
            JsonNode tree;
            try (InputStream in = store.open(manifest.bucket(), manifest.key(), null)) {
                tree = JSON.readTree(in);
            }
            String bucket = tree.path("DestinationBucket").asText(manifest.bucket());
            for (JsonNode file : tree.path("ResultFiles").path("SUCCEEDED")) {
                eachChild(bucket, file.path("Key").asText(), child -> {
                    JsonNode output = parse(child.path("Output"));
                    for (JsonNode write : output.path("writes")) {
                        int index = write.path("index").asInt(-1);
                        if (indexes.contains(index)) {
                            found.put(index, new Write(index, write.path("outcome").asText(),
                                    text(write, "orderId"), text(write, "contentHash")));
                        }
                    }
                });
            }
        }
        return found;
    }

    private enum Applied { SUCCEEDED, FAILED, UNREADABLE }

    private static Applied apply(JsonNode child, Ledger ledger) {
        if ("SUCCEEDED".equals(child.path("Status").asText())) {
            JsonNode output = parse(child.path("Output"));
            if (output == null || !output.path("report").path("records").isArray()) {
                return Applied.UNREADABLE;
            }
            applyOutput(output, ledger);
            return Applied.SUCCEEDED;
        }
        JsonNode input = parse(child.path("Input"));
        if (input == null || !input.path("Items").isArray()) {
            return Applied.UNREADABLE;
        }
        String note = "its batch " + child.path("Status").asText("did not succeed").toLowerCase(java.util.Locale.ROOT)
                + " (" + child.path("Name").asText("?") + "): " + child.path("Error").asText("no error")
                + (child.hasNonNull("Cause") ? ": " + withoutStackTrace(child.get("Cause").asText()) : "");
        for (JsonNode item : input.path("Items")) {
            int index = item.path("index").asInt(-1);
            if (index >= 0) {
                ledger.failed(index, note);
            }
        }
        return Applied.FAILED;
    }

    /**
     * A failed Lambda task's cause is its error document ({@code {"errorMessage", "errorType", "stackTrace"}}): its
     * type and message say what failed in one line, and the stack trace stays in the function's log. Any other cause
     * is kept as it is.
     */
    static String withoutStackTrace(String cause) {
        if (cause == null || !cause.startsWith("{")) {
            return cause;
        }
        try {
            JsonNode error = JSON.readTree(cause);
            if (!error.isObject() || !error.hasNonNull("errorMessage")) {
                return cause;
            }
            String type = error.path("errorType").asText("");
            return (type.isEmpty() ? "" : type + ": ") + error.get("errorMessage").asText();
        } catch (IOException e) {
            return cause;
        }
    }

    /** A succeeded child's output: the validator's report, then what its writes and sends did. */
    static void applyOutput(JsonNode output, Ledger ledger) {
        for (JsonNode record : output.path("report").path("records")) {
            int index = record.path("index").asInt(-1);
            if (index < 0) {
                continue;
            }
            Ledger.Reported state = switch (record.path("outcome").asText()) {
                case "VALID" -> Ledger.Reported.VALID;
                case "INVALID" -> Ledger.Reported.INVALID;
                case "BLANK" -> Ledger.Reported.BLANK;
                case "DEFERRED" -> Ledger.Reported.DEFERRED;
                default -> null;
            };
            if (state != null) {
                ledger.report(index, state, text(record, "recordId"), null, text(record, "reason"),
                        state == Ledger.Reported.DEFERRED ? "deferred by the validator ("
                                + record.path("reason").asText("no reason") + ")" : null);
            }
        }
        for (JsonNode write : output.path("writes")) {
            int index = write.path("index").asInt(-1);
            if (index < 0) {
                continue;
            }
            switch (write.path("outcome").asText()) {
                case "STORED" -> ledger.report(index, Ledger.Reported.STORED, null, text(write, "contentHash"), null, null);
                case "PARKED" -> ledger.report(index, Ledger.Reported.PARKED, null, null, text(write, "reason"), null);
                case "UNSENT" -> ledger.report(index, Ledger.Reported.UNSENT, null, null, text(write, "reason"),
                        unsent(write));
                default -> { }
            }
        }
        for (JsonNode send : output.path("sends")) {
            int index = send.path("index").asInt(-1);
            if (index < 0) {
                continue;
            }
            switch (send.path("outcome").asText()) {
                case "PARKED" -> ledger.report(index, Ledger.Reported.PARKED, null, null, null, null);
                case "UNSENT" -> ledger.report(index, Ledger.Reported.UNSENT, null, null, null, unsent(send));
                default -> { }
            }
        }
    }

    private static String unsent(JsonNode entry) {
        return "its DLQ message could not be sent: " + entry.path("error").asText("unknown error")
                + (entry.hasNonNull("cause") ? ": " + entry.get("cause").asText() : "");
    }

    private void eachChild(String bucket, String key, Consumer<JsonNode> children) throws IOException {
        try (InputStream in = store.open(bucket, key, null); JsonParser parser = JSON.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    children.accept(JSON.readTree(parser));
                }
            } else {
                // OutputType JSONL: one child per line
                while (first == JsonToken.START_OBJECT) {
                    children.accept(JSON.readTree(parser));
                    first = parser.nextToken();
                }
            }
        }
    }

    /** A child's Input or Output: JSON text (as AWS writes it) or, tolerated, the JSON itself. */
    private static JsonNode parse(JsonNode field) {
        if (field == null || field.isMissingNode() || field.isNull()) {
            return null;
        }
        if (!field.isTextual()) {
            return field;
        }
        try {
            return JSON.readTree(field.asText());
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
