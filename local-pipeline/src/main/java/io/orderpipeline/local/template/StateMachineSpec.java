package io.orderpipeline.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The state machine and the EventBridge rule that starts it.
 *
 * @param name           the state machine's name ({@code Name} when the template fixes one)
 * @param definitionFile the {@code DefinitionUri}, relative to the template
 * @param substitutions  {@code DefinitionSubstitutions}, resolved to local values
 * @param eventPattern   the {@code EventBridgeRule} event's {@code Pattern} as JSON (intrinsics resolved)
 */
public record StateMachineSpec(String logicalId, String name, String arn, String type, Path definitionFile, Map<String, String> substitutions,
                               String eventPattern) {

    /** The definition with {@code ${Name}} replaced by each substitution, as SAM does before deploying. */
    public String definition() throws IOException {
        return substitute(Files.readString(definitionFile), substitutions);
    }

    public static String substitute(String definition, Map<String, String> substitutions) {
        var text = definition;
        for (var entry : substitutions.entrySet()) {
            text = text.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        return text;
    }
}
