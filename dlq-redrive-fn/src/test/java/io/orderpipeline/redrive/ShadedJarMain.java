package io.orderpipeline.redrive;

import io.orderpipeline.lambda.context.InvocationContext;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
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
                handler.handleRequest(in, response, new InvocationContext("11111111-2222-3333-4444-555555555555",
                        "RedriveFunction", "$LATEST", "arn:aws:lambda:us-east-1:000000000000:function:RedriveFunction",
                        "/aws/lambda/RedriveFunction", "2026/11/24/[$LATEST]0123456789abcdef", 1024,
                        InvocationContext.fixed(120_000), System.out));
            }
            Files.write(event.resolveSibling(event.getFileName() + ".response"), response.toByteArray());
        }
        System.exit(0);
    }
}
