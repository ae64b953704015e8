package io.orderpipeline.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Stand-ins for the validator that fail the way a broken function would, built like the real one. */
public final class FailingValidators {
    private FailingValidators() {
    }

    public static final class Throwing implements RequestStreamHandler {
        public Throwing(Map<String, String> environment) {
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {
            throw new IllegalStateException("the validator is broken");
        }
    }

    public static final class Hanging implements RequestStreamHandler {
        public Hanging(Map<String, String> environment) {
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
