package io.orderpipeline.model;

import java.util.Objects;

/**
 * One broken rule: what ({@code code}), where (a JSON path such as {@code $.items[1].quantity}) and a message for people.
 */
public record Violation(ReasonCode code, String path, String message) {
    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
