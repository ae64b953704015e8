package io.orderpipeline.validator;

/**
 * The invocation payload is not a Distributed Map batch (no {@code Items} array, no usable {@code BatchInput}).
 * Nothing can be validated; the state machine's Catch parks the batch's records with PROCESSING_ERROR.
 */
public final class InvalidBatchException extends RuntimeException {
    public InvalidBatchException(String message) {
        super(message);
    }

    public InvalidBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
