package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.api.ExecutionType;
import io.orderpipeline.asl.definition.Fields;

/**
 * A Map's ItemProcessor (or legacy Iterator): its graph and ProcessorConfig (Mode INLINE by default, or DISTRIBUTED
 * with ExecutionType STANDARD / EXPRESS).
 */
public record ItemProcessor(StateGraph graph, boolean distributed, ExecutionType executionType) {

    /** The field of a Map state that holds its processor: {@code ItemProcessor}, or the legacy {@code Iterator}. */
    public static String field(Fields map) {
        boolean hasIterator = map.has("Iterator");
        boolean hasProcessor = map.has("ItemProcessor");
        if (hasIterator == hasProcessor) {
            throw map.error("needs exactly one of 'ItemProcessor' and 'Iterator'");
        }
        return hasProcessor ? "ItemProcessor" : "Iterator";
    }

    /**
     * @param map   the Map state's fields
     * @param graph the processor's graph (StartAt, States), parsed by the definition parser
     */
    public static ItemProcessor from(Fields map, StateGraph graph) {
        String field = field(map);
        JsonNode json = map.object(field);
        var fields = new Fields(map.where() + " " + field, json);
        var config = fields.object("ProcessorConfig");
        boolean distributed = false;
        ExecutionType type = null;
        if (config != null) {
            var configFields = new Fields(fields.where() + " ProcessorConfig", config);
            String mode = configFields.string("Mode");
            if (mode != null && !mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
                throw configFields.error("Mode must be INLINE or DISTRIBUTED");
            }
            distributed = "DISTRIBUTED".equals(mode);
            String executionType = configFields.string("ExecutionType");
            if (distributed) {
                if (executionType == null) {
                    throw configFields.error("'ExecutionType' (STANDARD or EXPRESS) is required in DISTRIBUTED mode");
                }
                try {
                    type = ExecutionType.valueOf(executionType);
                } catch (IllegalArgumentException e) {
                    throw configFields.error("ExecutionType must be STANDARD or EXPRESS");
                }
            } else if (executionType != null) {
                throw configFields.error("'ExecutionType' is only allowed in DISTRIBUTED mode");
            }
            configFields.done();
        }
        // the graph fields (StartAt, States, Comment) were checked by the graph parser
        fields.raw("StartAt");
        fields.raw("States");
        fields.raw("Comment");
        fields.done();
        return new ItemProcessor(graph, distributed, type);
    }
}
