package io.orderpipeline.lambda.context;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The {@link Context} the Lambda runtime hands a handler, built from plain values, for the places that invoke a
 * handler themselves: the local pipeline's in-process functions, SnapStart priming, and tests. There is no identity or
 * client context: the functions are invoked by Step Functions and by hand, never from a mobile SDK.
 */
public record InvocationContext(String awsRequestId, String functionName, String functionVersion,
                                String invokedFunctionArn, String logGroupName, String logStreamName,
                                int memoryLimitInMB, IntSupplier remainingMillis, PrintStream log) implements Context {

    public InvocationContext {
        Objects.requireNonNull(awsRequestId, "awsRequestId");
        Objects.requireNonNull(remainingMillis, "remainingMillis");
        Objects.requireNonNull(log, "log");
    }

    /** Remaining time counted down to {@code deadlineNanos} on {@link System#nanoTime()}, as Lambda's timeout does. */
    public static IntSupplier until(long deadlineNanos) {
        return () -> (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** A fixed remaining time, for tests. */
    public static IntSupplier fixed(int millis) {
        return () -> millis;
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return logGroupName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return functionVersion;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMB;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                log.print(message);
            }

            @Override
            public void log(byte[] message) {
                log.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
