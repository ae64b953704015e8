package io.orderpipeline.asl.spi;

/**
 * A failure with the error name and cause AWS Step Functions would report. Retry and Catch match on {@link #error()}.
 */
public class StatesError extends RuntimeException {
    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
