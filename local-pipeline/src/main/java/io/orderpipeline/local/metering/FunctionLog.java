package io.orderpipeline.local.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one function sends to CloudWatch Logs: the lines it prints at its configured log level (its
 * {@code POWERTOOLS_LOG_LEVEL}; lines without a level, such as EMF metrics, always), measured as the local run prints
 * them, plus the START, END and REPORT lines Lambda writes for every invocation
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html). Each line is one log event, counted with CloudWatch
 * Logs' 26 bytes of per-event overhead. The EMF lines also name the custom metrics the function publishes.
 * <p>
 * Not counted: the X-Ray line Lambda adds to REPORT for a traced invocation (about 5% of them under the default
 * sampling rule) and SnapStart's restore lines (once per execution environment).
 */
public final class FunctionLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private final String functionName;
    private final String serviceName;
    private final int minimumLevel;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<String> metrics = ConcurrentHashMap.newKeySet();

    /**
     * @param serviceName the function's {@code POWERTOOLS_SERVICE_NAME}: the {@code Service} dimension its metrics
     *                    carry on AWS (in-process functions share the local JVM's)
     * @param level       the function's {@code POWERTOOLS_LOG_LEVEL} (INFO when unset)
     */
    public FunctionLog(String functionName, String serviceName, String level) {
        this.functionName = functionName;
        this.serviceName = serviceName;
        this.minimumLevel = rank(level == null || level.isBlank() ? "INFO" : level);
        if (minimumLevel < 0) {
            throw new IllegalArgumentException(functionName + ": unknown log level " + level);
        }
    }

    public String functionName() {
        return functionName;
    }

    /** Log events sent to CloudWatch Logs. */
    public long events() {
        return events.get();
    }

    /** Their size as CloudWatch Logs ingests them. */
    public long bytes() {
        return bytes.get();
    }

    /** Lines below the configured level: printed by the code, not sent. */
    public long dropped() {
        return dropped.get();
    }

    /** The custom metrics seen: namespace, metric name and dimensions with their values. */
    public Set<String> metrics() {
        return Set.copyOf(metrics);
    }

    /** Whether a line printed by the function reaches CloudWatch Logs at its level (and, if so, meters it). */
    boolean accept(String line) {
        var level = levelOf(line);
        if (level >= 0 && level < minimumLevel) {
            dropped.incrementAndGet();
            return false;
        }
        meter(line);
        if (line.startsWith("{\"_aws\"")) {
            metrics.addAll(emfMetrics(line, serviceName));
        }
        return true;
    }

    /** Lambda's own lines for one invocation. */
    public void invoked(String requestId, String version, long durationMillis, long billedMillis, int memoryMb) {
        meter("START RequestId: " + requestId + " Version: " + version);
        meter("END RequestId: " + requestId);
        meter(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %d.00 ms\tBilled Duration: %d ms\t"
                + "Memory Size: %d MB\tMax Memory Used: %d MB\t", requestId, durationMillis, billedMillis, memoryMb,
                memoryMb / 4));
    }

    /** A line Lambda itself writes for the function (e.g. the error document of a failed invocation). */
    public void lambdaLine(String line) {
        meter(line);
    }

    private void meter(String line) {
        events.incrementAndGet();
        bytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + StateMachineLogMeter.EVENT_OVERHEAD_BYTES);
    }

    /** The rank of a JSON log line's {@code "level"} (Powertools writes it first); -1 when the line has none. */
    static int levelOf(String line) {
        int at = line.indexOf("\"level\":\"");
        if (at < 0 || at > 64) {
            return -1;
        }
        int start = at + 9;
        int end = line.indexOf('"', start);
        return end < 0 ? -1 : rank(line.substring(start, end));
    }

    private static int rank(String level) {
        var upper = level.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("WARNING")) {
            upper = "WARN";
        }
        for (int i = 0; i < LEVELS.length; i++) {
            if (LEVELS[i].equals(upper)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The metrics one EMF line publishes (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
     * each metric of each directive, once per dimension set, identified by namespace, name and dimension values.
     */
    static Set<String> emfMetrics(String line, String serviceName) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException notJson) {
            return Set.of();
        }
        var found = new java.util.LinkedHashSet<String>();
        for (var directive : root.path("_aws").path("CloudWatchMetrics")) {
            var namespace = directive.path("Namespace").asText();
            for (var metric : directive.path("Metrics")) {
                for (var dimensionSet : directive.path("Dimensions")) {
                    var dimensions = new TreeMap<String, String>();
                    for (var key : dimensionSet) {
                        var name = key.asText();
                        dimensions.put(name, "Service".equals(name) && serviceName != null ? serviceName
                                : root.path(name).asText());
                    }
                    found.add(namespace + " " + metric.path("Name").asText() + " " + dimensions);
                }
                if (directive.path("Dimensions").isEmpty()) {
                    found.add(namespace + " " + metric.path("Name").asText() + " " + Map.of());
                }
            }
        }
        return found;
    }
}
