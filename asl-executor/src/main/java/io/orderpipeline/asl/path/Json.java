package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderpipeline.items.ExactJson;

/**
 * The one JSON mapper of the executor, and payload size measurement. Payloads are exact trees
 * ({@link ExactJson}): a number keeps the text it was written with and never passes through a double, and text
 * that has no UTF-8 form (a lone surrogate) is rejected when read — see docs/data-contracts.md, "What Step Functions
 * does with numbers and text".
 */
public final class Json {

    public static final ObjectMapper MAPPER = ExactJson.mapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Compact JSON text, as Step Functions passes payloads around. */
    public static String write(JsonNode node) {
        return ExactJson.write(node);
    }

    /** UTF-8 size of the compact JSON text, measured without building the string. */
    public static long sizeInBytes(JsonNode node) {
        return ExactJson.sizeInBytes(node);
    }

    /** Wraps whatever a JSONPath library returned back into a tree node. */
    public static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        return MAPPER.valueToTree(value);
    }
}
