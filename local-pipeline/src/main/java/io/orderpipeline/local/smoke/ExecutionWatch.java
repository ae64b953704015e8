package io.orderpipeline.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.local.smoke.SmokeFiles.SmokeFile;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the executions EventBridge started for the smoke's files — they have generated names — and follows them to
 * their end, with Step Functions' {@code ListExecutions} (newest first, back to shortly before the uploads) and
 * {@code DescribeExecution}: an execution is a file's when its input, the "Object Created" event, names the file's
 * bucket, version id and key (as uploaded or URL-encoded: {@link ObjectKeys}).
 */
final class ExecutionWatch {
    /** Executions started this long before the first upload are not looked at (clocks differ a little). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    /**
     * A file's execution.
     *
     * @param keyInEvent how the event named the file's key ("as uploaded" or "URL-encoded (…)")
     * @param status     RUNNING until it ended
     */
    record Found(SmokeFile file, String executionArn, String name, String keyInEvent, Instant startDate, String status,
                 Instant stopDate, String error, String cause) {
        boolean running() {
            return "RUNNING".equals(status);
        }

        Found with(DescribeExecutionResponse described) {
            return new Found(file, executionArn, name, keyInEvent, startDate, described.statusAsString(),
                    described.stopDate(), described.error(), described.cause());
        }
    }

    private final SfnClient sfn;
    private final String listedBy;
    private final String bucket;
    private final Map<SmokeFile, String> versions;
    private final Instant since;
    private final Set<String> notOurs = new HashSet<>();
    private final Map<String, Found> ours = new LinkedHashMap<>();

    /**
     * @param listedBy the state machine's or its alias's ARN
     * @param versions each file's S3 version id (null in a bucket without versioning)
     * @param since    when the first file was uploaded
     */
    ExecutionWatch(SfnClient sfn, String listedBy, String bucket, Map<SmokeFile, String> versions, Instant since) {
        this.sfn = sfn;
        this.listedBy = listedBy;
        this.bucket = bucket;
        this.versions = versions;
        this.since = since.minus(CLOCK_SKEW);
    }

    /** One look: new executions of the files, and how the running ones are doing. */
    void poll() {
        for (var item : recent()) {
            if (ours.containsKey(item.executionArn()) || notOurs.contains(item.executionArn())) {
                continue;
            }
            var described = sfn.describeExecution(b -> b.executionArn(item.executionArn()));
            var found = match(described);
            if (found == null) {
                notOurs.add(item.executionArn());
            } else {
                ours.put(item.executionArn(), found);
            }
        }
        ours.replaceAll((arn, found) -> found.running()
                ? found.with(sfn.describeExecution(b -> b.executionArn(arn))) : found);
    }

    /** The executions started since shortly before the uploads, newest first. */
    private List<ExecutionListItem> recent() {
        var recent = new ArrayList<ExecutionListItem>();
        String token = null;
        do {
            var next = token;
            var page = sfn.listExecutions(b -> b.stateMachineArn(listedBy).maxResults(100).nextToken(next));
            for (var item : page.executions()) {
                if (item.startDate().isBefore(since)) {
                    return recent;
                }
                recent.add(item);
            }
            token = page.nextToken();
        } while (token != null);
        return recent;
    }

    /** The file whose "Object Created" event started this execution, or null. */
    private Found match(DescribeExecutionResponse described) {
        JsonNode event;
        try {
            event = SmokeFiles.JSON.readTree(described.input() == null ? "{}" : described.input());
        } catch (IOException e) {
            return null;
        }
        var detail = event.path("detail");
        if (!bucket.equals(detail.path("bucket").path("name").asText())) {
            return null;
        }
        var key = detail.path("object").path("key").asText(null);
        var version = detail.path("object").path("version-id").asText(null);
        if (key == null) {
            return null;
        }
        for (var file : versions.keySet()) {
            var encoding = ObjectKeys.encoding(key, file.key());
            var expectedVersion = versions.get(file);
            if (encoding != null && (expectedVersion == null || expectedVersion.equals(version))) {
                return new Found(file, described.executionArn(), described.name(), encoding, described.startDate(),
                        described.statusAsString(), described.stopDate(), described.error(), described.cause());
            }
        }
        return null;
    }

    /** Every execution found for a file (EventBridge may deliver an event twice), first started first. */
    List<Found> of(SmokeFile file) {
        return ours.values().stream().filter(f -> f.file() == file)
                .sorted(java.util.Comparator.comparing(Found::startDate)).toList();
    }

    List<Found> all() {
        return List.copyOf(ours.values());
    }

    /** Whether every file has an execution and none is running. */
    boolean done() {
        return versions.keySet().stream().allMatch(f -> !of(f).isEmpty()) && ours.values().stream().noneMatch(Found::running);
    }

    long started() {
        return versions.keySet().stream().filter(f -> !of(f).isEmpty()).count();
    }

    long ended() {
        return versions.keySet().stream().filter(f -> !of(f).isEmpty() && of(f).stream().noneMatch(Found::running)).count();
    }

    /** When the last of the files' executions ended (null while one runs). */
    Instant lastStop() {
        return ours.values().stream().map(Found::stopDate).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .orElse(null);
    }
}
