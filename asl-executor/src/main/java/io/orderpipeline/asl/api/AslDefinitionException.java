package io.orderpipeline.asl.api;

/**
 * The definition cannot run: invalid (missing StartAt/Next targets, unknown fields) or using something this executor
 * does not support (the message names the field and the state). Thrown before anything runs.
 */
public class AslDefinitionException extends RuntimeException {

    public AslDefinitionException(String message) {
        super(message);
    }

    public AslDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
