package io.orderpipeline.validator;

/**
 * The batch's output would exceed the bound Step Functions can carry (see {@link BatchOutputWriter#MAX_OUTPUT_BYTES}).
 * Lambda reports it with {@code errorType} = this class's name, which the state machine catches to park the batch.
 */
public final class OrderBatchTooLargeException extends RuntimeException {
    private final long outputBytes;

    public OrderBatchTooLargeException(long outputBytes, long limit, int records) {
        super("OrderBatch.TooLarge: the output for " + records + " records would be " + outputBytes
                + " bytes, more than " + limit + "; lower MaxInputBytesPerBatch / MaxItemsPerBatch");
        this.outputBytes = outputBytes;
    }

    public long outputBytes() {
        return outputBytes;
    }
}
