package io.orderpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Handlers with the project's {@code (Map)} constructor convention, for the in-process runner's tests. */
public final class FakeHandlers {
    private FakeHandlers() {
    }

    /** Echoes the input wrapped with the environment value {@code GREETING} and the context's function name. */
    public static final class Echo implements RequestStreamHandler {
        private static int instances;
        private final Map<String, String> environment;

        public Echo(Map<String, String> environment) {
            this.environment = environment;
            instances++;
        }

        static int instances() {
            return instances;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            var in = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            var out = "{\"greeting\":\"" + environment.get("GREETING") + "\",\"function\":\"" + context.getFunctionName()
                    + "\",\"memory\":" + context.getMemoryLimitInMB() + ",\"endpoint\":\"" + environment.get("AWS_ENDPOINT_URL_SQS")
                    + "\",\"input\":" + in + "}";
            output.write(out.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final class Failing implements RequestStreamHandler {
        public Failing(Map<String, String> environment) {
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {
            throw new IllegalStateException("validator exploded");
        }
    }

    public static final class Slow implements RequestStreamHandler {
        public Slow(Map<String, String> environment) {
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            output.write("{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final class Huge implements RequestStreamHandler {
        public Huge(Map<String, String> environment) {
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            output.write('"');
            output.write(new byte[InProcessFunction.MAX_RESPONSE_BYTES]);
            output.write('"');
        }
    }
}
