package io.orderpipeline.asl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recorder replaced execution-specific identifiers in AWS's output with placeholders (the state machine ARN's
 * partition, region, account and name; the execution name). For a case whose expected output contains them, the
 * same substitution is applied to the strings our execution produced, so the rest of the text still compares exactly.
 */
final class RecorderPlaceholders {

    private static final String[] MARKERS = {"<ArnPart_0idx>", "<ExecArnPart_0idx>", "<partition>", "<region>"};

    private final Map<String, String> replacements = new LinkedHashMap<>();

    RecorderPlaceholders(String stateMachineArn, String stateMachineName, String executionName) {
        // Longest first, so the ARN is replaced whole before the bare names inside it.
        replacements.put(stateMachineArn,
                "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>");
        replacements.put(executionName, "<ExecArnPart_0idx>");
        replacements.put(stateMachineName, "<ArnPart_0idx>");
    }

    static boolean usedIn(JsonNode expected) {
        var text = expected.toString();
        for (var marker : MARKERS) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    JsonNode apply(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            var text = node.textValue();
            for (var entry : replacements.entrySet()) {
                text = text.replace(entry.getKey(), entry.getValue());
            }
            return JsonNodeFactory.instance.textNode(text);
        }
        if (node instanceof ObjectNode object) {
            var copy = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(field -> copy.set(field.getKey(), apply(field.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            var copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(apply(item)));
            return copy;
        }
        return node;
    }
}
