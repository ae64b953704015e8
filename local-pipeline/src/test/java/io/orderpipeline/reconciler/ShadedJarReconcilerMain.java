package io.orderpipeline.reconciler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Lambda does with the reconciler, in a fresh JVM whose class path is this class and the function's shaded jar
 * only (local-pipeline's {@code ShadedJarReconcilerIT}): construct the handler with its Lambda constructor, run the
 * SnapStart priming hook as a checkpoint would, invoke the handler once per event file and write each response next
 * to its event ({@code <event>.response}, or {@code <event>.error} with the exception). Uses nothing but the JDK and
 * what the jar carries.
 *
 * <p>Arguments: event files.
 */
public final class ShadedJarReconcilerMain {

    private ShadedJarReconcilerMain() {
    }

    public static void main(String[] args) throws Exception {
        ReconcilerHandler handler = new ReconcilerHandler();
        // a failing warm-up is swallowed with a WARN line, which the test looks for
        handler.priming().beforeCheckpoint(null);
        for (String file : args) {
            Path event = Path.of(file);
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(event)) {
                handler.handleRequest(in, response, new LambdaContext());
                Files.write(event.resolveSibling(event.getFileName() + ".response"), response.toByteArray());
            } catch (Exception e) {
                Files.writeString(event.resolveSibling(event.getFileName() + ".error"), e.getClass().getName() + ": "
                        + e.getMessage(), StandardCharsets.UTF_8);
            }
        }
        System.exit(0);
    }

    /** The Lambda context of one invoke, as the runtime would pass it. */
    private static final class LambdaContext implements Context {
        private final long deadline = System.currentTimeMillis() + 900_000;

        @Override
        public String getAwsRequestId() {
            return "11111111-2222-3333-4444-555555555555";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/ReconcilerFunction";
        }

        @Override
        public String getLogStreamName() {
            return "2026/12/07/[1]0123456789abcdef";
        }

        @Override
        public String getFunctionName() {
            return "ReconcilerFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:ReconcilerFunction:live";
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
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.write(message, 0, message.length);
                }
            };
        }
    }
}
