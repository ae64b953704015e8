package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.path.VariableLookup;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workflow variables of one scope (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 * the states of a state machine's top level share one scope; every Parallel branch and every inline Map iteration
 * runs in an inner scope of its own, which reads the variables of the scopes around it but cannot assign them, and
 * whose own variables are gone when the branch or iteration ends. A Distributed Map child is an execution of its own
 * and starts with no variables.
 * <p>
 * Size limits AWS documents ("Variable size limits" on the same page): one variable's value at most 256 KiB, the
 * values one {@code Assign} sets at most 256 KiB together, and all variables of an execution at most 10 MiB (each as
 * UTF-8 JSON text); beyond them the state fails with {@code States.DataLimitExceeded}.
 */
public final class Variables implements VariableLookup {

    public static final long MAX_VARIABLE_BYTES = 262_144;
    public static final long MAX_ASSIGN_BYTES = 262_144;
    public static final long MAX_EXECUTION_BYTES = 10L * 1024 * 1024;

    private final Variables outer;
    private final AtomicLong executionBytes;
    private final Map<String, JsonNode> values = new ConcurrentHashMap<>();
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    private Variables(Variables outer, AtomicLong executionBytes) {
        this.outer = outer;
        this.executionBytes = executionBytes;
    }

    /** The top-level scope of a new execution: no variables yet. */
    public static Variables forExecution() {
        return new Variables(null, new AtomicLong());
    }

    /** The scope of a Parallel branch or an inline Map iteration inside this one. */
    public Variables inner() {
        return new Variables(this, executionBytes);
    }

    @Override
    public Optional<JsonNode> variable(String name) {
        JsonNode value = values.get(name);
        if (value != null) {
            return Optional.of(value);
        }
        return outer == null ? Optional.empty() : outer.variable(name);
    }

    /** Every visible variable, outer scopes first (an inner value would shadow an outer one of the same name). */
    @Override
    public Map<String, JsonNode> visible() {
        var all = outer == null ? new LinkedHashMap<String, JsonNode>() : new LinkedHashMap<>(outer.visible());
        all.putAll(values);
        return all;
    }

    /**
     * Sets the variables one {@code Assign} evaluated (all at once, after the state's expressions were evaluated with
     * the old values).
     *
     * @throws StatesError {@code States.DataLimitExceeded} beyond a documented size limit; {@code States.Runtime}
     *                     when a name belongs to an outer scope (definitions doing so are rejected when loaded)
     */
    public void assign(Map<String, JsonNode> assignments) throws StatesError {
        if (assignments.isEmpty()) {
            return;
        }
        var newSizes = new LinkedHashMap<String, Long>();
        long total = 0;
        for (var entry : assignments.entrySet()) {
            String name = entry.getKey();
            if (outer != null && outer.variable(name).isPresent()) {
                throw new StatesError(ErrorNames.RUNTIME, "The variable '" + name + "' belongs to an outer scope; a "
                        + "Parallel branch or Map iteration cannot assign it");
            }
            long size = Json.sizeInBytes(entry.getValue());
            if (size > MAX_VARIABLE_BYTES) {
                throw limit("The value assigned to the variable '" + name + "' is " + size + " bytes; a variable may "
                        + "hold at most " + MAX_VARIABLE_BYTES + " bytes");
            }
            newSizes.put(name, size);
            total += size;
        }
        if (total > MAX_ASSIGN_BYTES) {
            throw limit("The values of one Assign are " + total + " bytes together; at most " + MAX_ASSIGN_BYTES
                    + " bytes are allowed");
        }
        synchronized (this) {
            long delta = 0;
            for (var entry : newSizes.entrySet()) {
                delta += entry.getValue() - sizes.getOrDefault(entry.getKey(), 0L);
            }
            long after = executionBytes.addAndGet(delta);
            if (after > MAX_EXECUTION_BYTES) {
                executionBytes.addAndGet(-delta);
                throw limit("The variables of this execution would hold " + after + " bytes; at most "
                        + MAX_EXECUTION_BYTES + " bytes are allowed");
            }
            values.putAll(assignments);
            sizes.putAll(newSizes);
        }
    }

    /** The scope ends (its branch or iteration finished): its variables no longer count against the execution. */
    public void release() {
        long own = sizes.values().stream().mapToLong(Long::longValue).sum();
        executionBytes.addAndGet(-own);
        sizes.clear();
        values.clear();
    }

    private static StatesError limit(String cause) {
        return new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, cause);
    }
}
