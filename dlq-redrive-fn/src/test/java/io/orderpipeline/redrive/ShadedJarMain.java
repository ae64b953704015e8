package io.orderpipeline.redrive;

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
 * What Lambda does with the redrive, in a fresh JVM whose class path is this class and the function's shaded jar
 * only ({@link ShadedJarRedriveIT}): construct the handler with its Lambda constructor, run the SnapStart priming
 * hook as a checkpoint would, invoke the handler once per event file and write each response next to its event
 * ({@code <event>.response}). Uses nothing but the JDK and what the jar carries.
 *
 * <p>Arguments: event files.
 */
final class ShadedJarMain {

    private ShadedJarMain() {
    }

    public static void main(String[] args) throws Exception {
        RedriveHandler handler = new RedriveHandler();
        // a failing warm-up is swallowed with a WARN line, which the test looks for
        handler.priming().beforeCheckpoint(null);
        for (String file : args) {
            Path event = Path.of(file);
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(event)) {
                handler.handleRequest(in, response, new RuntimeContext());
            }
            Files.write(event.resolveSibling(event.getFileName() + ".response"), response.toByteArray());
        }
        System.exit(0);
    }

    record RuntimeContext() implements Context {

        @Override
        public String getAwsRequestId() {
            return "11111111-2222-3333-4444-555555555555";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/RedriveFunction";
        }

        @Override
        public String getLogStreamName() {
            return "2026/11/24/[$LATEST]0123456789abcdef";
        }

        @Override
        public String getFunctionName() {
            return "RedriveFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:RedriveFunction";
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
            return 120_000;
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
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
