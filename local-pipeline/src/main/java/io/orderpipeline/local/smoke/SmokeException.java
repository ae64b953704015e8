package io.orderpipeline.local.smoke;

/** The smoke test cannot run at all (no stack, no serve, an output missing): it says why and fails. */
final class SmokeException extends RuntimeException {
    SmokeException(String message) {
        super(message);
    }

    SmokeException(String message, Throwable cause) {
        super(message, cause);
    }
}
