package io.orderpipeline.asl.states;

import io.orderpipeline.asl.definition.Fields;

import java.util.List;

/** {@code Next} or {@code End: true} — exactly one of them. */
public record Transition(String next) {

    public static Transition from(Fields fields) {
        String next = fields.string("Next");
        boolean end = fields.bool("End");
        if (next != null && end) {
            throw fields.error("has both 'Next' and 'End'");
        }
        if (next == null && !end) {
            throw fields.error("needs 'Next' or 'End': true");
        }
        return new Transition(next);
    }

    public boolean end() {
        return next == null;
    }

    public List<String> targets() {
        return next == null ? List.of() : List.of(next);
    }
}
