package io.orderpipeline.redrive.core;

/** The redrive request is malformed; the message names the offending field. Nothing has been touched. */
public final class InvalidRedriveRequestException extends IllegalArgumentException {
    public InvalidRedriveRequestException(String message) {
        super(message);
    }
}
