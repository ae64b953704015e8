package io.orderpipeline.local.lambda;

/** What an invocation returned: the response payload, or a function error as Lambda reports it. */
public sealed interface InvocationResult {

    /** @param payload the handler's output bytes (a JSON document for our handlers) */
    record Success(byte[] payload, String executedVersion) implements InvocationResult {
    }

    /**
     * @param errorType    the name Lambda puts in {@code errorType} (Step Functions' error name for the Task)
     * @param errorPayload the error document Lambda returns ({@code errorMessage}, {@code errorType}, {@code stackTrace})
     */
    record FunctionError(String errorType, String errorPayload) implements InvocationResult {
    }
}
