package io.orderpipeline.local.cost;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a piece of work consumed, measured by the local run, in the units AWS bills (one quantity per {@link Line}).
 * The Lambda lines and the functions' log line come from {@link #functions()}, the custom metrics from
 * {@link #customMetrics()}; every other line is in {@link #counted()}.
 *
 * @param counted                  quantities of the lines that are not derived from the functions or metrics
 * @param functions                per-function Lambda use and log output
 * @param customMetrics            the distinct EMF metrics seen (function, namespace, name, dimensions)
 * @param stateMachineEvents       history events the executions wrote (what level ALL would log)
 * @param stateMachineEventsLogged of those, the events the configured log level sends to CloudWatch Logs
 */
public record Usage(Map<Line, Double> counted, List<FunctionUsage> functions, Set<String> customMetrics,
                    long stateMachineEvents, long stateMachineEventsLogged) {

    private static final Set<Line> DERIVED = Set.of(Line.LAMBDA_REQUESTS, Line.LAMBDA_DURATION_ARM,
            Line.LAMBDA_DURATION_X86, Line.FUNCTION_LOGS, Line.CUSTOM_METRICS);

    /**
     * @param gbSeconds  duration as Lambda bills it (each invocation rounded up to the millisecond) times memory
     * @param logEvents  log events the function sends to CloudWatch Logs at its configured level (its own lines and
     *                   Lambda's START/END/REPORT lines)
     * @param logBytes   their size as CloudWatch Logs meters it
     */
    public record FunctionUsage(String name, String architecture, long invocations, double gbSeconds, long logEvents,
                                long logBytes) {
        FunctionUsage plus(FunctionUsage other) {
            return new FunctionUsage(name, architecture, invocations + other.invocations, gbSeconds + other.gbSeconds,
                    logEvents + other.logEvents, logBytes + other.logBytes);
        }
    }

    public Usage {
        var copy = new EnumMap<Line, Double>(Line.class);
        counted.forEach((line, quantity) -> {
            if (DERIVED.contains(line)) {
                throw new IllegalArgumentException(line + " is derived from the functions or the metrics");
            }
            if (quantity != 0) {
                copy.put(line, quantity);
            }
        });
        counted = Collections.unmodifiableMap(copy);
        functions = List.copyOf(functions);
        customMetrics = Collections.unmodifiableSet(new LinkedHashSet<>(customMetrics));
    }

    public static final Usage NONE = new Usage(Map.of(), List.of(), Set.of(), 0, 0);

    public static Usage of(Map<Line, Double> counted) {
        return new Usage(counted, List.of(), Set.of(), 0, 0);
    }

    /** The quantity of one line, in {@link Line#unit()}. */
    public double quantity(Line line) {
        return switch (line) {
            case LAMBDA_REQUESTS -> functions.stream().mapToLong(FunctionUsage::invocations).sum();
            case LAMBDA_DURATION_ARM -> functions.stream().filter(f -> "arm64".equals(f.architecture()))
                    .mapToDouble(FunctionUsage::gbSeconds).sum();
            case LAMBDA_DURATION_X86 -> functions.stream().filter(f -> !"arm64".equals(f.architecture()))
                    .mapToDouble(FunctionUsage::gbSeconds).sum();
            case FUNCTION_LOGS -> Prices.gigabytes(functions.stream().mapToLong(FunctionUsage::logBytes).sum());
            case CUSTOM_METRICS -> customMetrics.size();
            default -> counted.getOrDefault(line, 0.0);
        };
    }

    /** Both usages together (functions merged by name, metrics by identity). */
    public Usage plus(Usage other) {
        var lines = new EnumMap<Line, Double>(Line.class);
        counted.forEach((line, quantity) -> lines.merge(line, quantity, Double::sum));
        other.counted.forEach((line, quantity) -> lines.merge(line, quantity, Double::sum));
        var merged = new TreeMap<String, FunctionUsage>();
        functions.forEach(f -> merged.merge(f.name(), f, FunctionUsage::plus));
        other.functions.forEach(f -> merged.merge(f.name(), f, FunctionUsage::plus));
        var metrics = new LinkedHashSet<>(customMetrics);
        metrics.addAll(other.customMetrics);
        return new Usage(lines, List.copyOf(merged.values()), metrics, stateMachineEvents + other.stateMachineEvents,
                stateMachineEventsLogged + other.stateMachineEventsLogged);
    }
}
