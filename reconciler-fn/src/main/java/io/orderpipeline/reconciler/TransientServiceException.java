package io.orderpipeline.reconciler;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.util.Optional;

/**
 * A call to S3, SQS or DynamoDB failed in a way that may pass: throttled, a 5xx answer, or no answer at all (after the
 * SDK's own retries). The handler throws it instead of the failure, so Lambda reports the function error with this
 * class's name (the Java runtime's {@code errorType} is the exception's fully qualified class name) and the state
 * machine's Inspect and Reconcile tasks retry it by that name. Reconciling again is safe: writes are idempotent and a
 * record parked twice carries the same {@code recordId}, which the redrive treats as one (docs/architecture.md).
 */
public final class TransientServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The error name the state machine's Retry lists for it. */
    public static final String ERROR_NAME = TransientServiceException.class.getName();

    private TransientServiceException(String message, Throwable cause) {
        // no stack trace of its own: Lambda's error document carries only type and message to the state machine (and,
        // once its retries are spent, to the FILE message); the handler logs the failure with its stack trace (#21 §6)
        super(message, cause, true, false);
    }

    /** The failure as a transient one when something in its chain of causes is; empty otherwise. */
    static Optional<TransientServiceException> of(Throwable failure) {
        if (failure instanceof TransientServiceException transientOne) {
            return Optional.of(transientOne);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isTransient(t)) {
                var service = t instanceof AwsServiceException s && s.awsErrorDetails() != null
                        ? " (" + s.awsErrorDetails().errorCode() + ", status " + s.statusCode() + ")" : "";
                return Optional.of(new TransientServiceException(
                        "A service call failed and may succeed if retried" + service + ": " + failure.getMessage(), failure));
            }
        }
        return Optional.empty();
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // no answer: refused, reset or timed out connections, the SDK's own client failures
        return t instanceof SdkClientException || t instanceof SocketException || t instanceof InterruptedIOException;
    }
}
