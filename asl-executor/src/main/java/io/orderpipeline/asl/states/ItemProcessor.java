package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.asl.ExecutionType;
import io.orderpipeline.asl.definition.DefinitionParser;
import io.orderpipeline.asl.definition.Fields;

/**
 * A Map's ItemProcessor (or legacy Iterator): its graph and ProcessorConfig (Mode INLINE by default, or DISTRIBUTED
 * with ExecutionType STANDARD / EXPRESS).
 */
public record ItemProcessor(StateGraph graph, boolean distributed, ExecutionType executionType) {

    public static ItemProcessor from(Fields map, DefinitionParser parser) {
        boolean hasIterator = map.has("Iterator");
        boolean hasProcessor = map.has("ItemProcessor");
        if (hasIterator == hasProcessor) {
            throw map.error("needs exactly one of 'ItemProcessor' and 'Iterator'");
        }
        String field = hasProcessor ? "ItemProcessor" : "Iterator";
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
        // the graph fields (StartAt, States, Comment) are checked by the graph parser
        fields.raw("StartAt");
        fields.raw("States");
        fields.raw("Comment");
        fields.done();
        ObjectNode graphJson = ((ObjectNode) json).deepCopy();
        graphJson.remove("ProcessorConfig");
        return new ItemProcessor(parser.graph(graphJson, fields.where()), distributed, type);
    }
}
