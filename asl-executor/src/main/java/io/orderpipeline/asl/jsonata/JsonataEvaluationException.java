package io.orderpipeline.asl.jsonata;

/** A JSONata expression failed while it was evaluated (a type error, a function error, a non-JSON result). */
public final class JsonataEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JsonataEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }

    JsonataEvaluationException(String message) {
        super(message);
    }
}
