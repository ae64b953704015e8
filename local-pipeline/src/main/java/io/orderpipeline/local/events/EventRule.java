package io.orderpipeline.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.event.ruler.Machine;

import java.util.Objects;

/** The template's EventBridge rule, matched by AWS Event Ruler (the library EventBridge's matching is built on). */
public final class EventRule {
    private static final String RULE = "rule";
    private final Machine machine = Machine.builder().build();
    private final String pattern;

    public EventRule(String patternJson) {
        this.pattern = Objects.requireNonNull(patternJson);
        try {
            machine.addRule(RULE, patternJson);
        } catch (Exception e) {
            throw new IllegalArgumentException("The event pattern is not valid for EventBridge: " + e.getMessage(), e);
        }
    }

    public boolean matches(JsonNode event) {
        try {
            return machine.rulesForJSONEvent(event.toString()).contains(RULE);
        } catch (Exception e) {
            throw new IllegalArgumentException("Could not match the event: " + e.getMessage(), e);
        }
    }

    public String pattern() {
        return pattern;
    }
}
