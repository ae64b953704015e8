package io.orderpipeline.bench.coldstart.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The cold-start floor: a handler that reads its event and answers, with no dependencies at all. */
public class HelloHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        int bytes = input.readAllBytes().length;
        output.write(("{\"hello\":\"world\",\"eventBytes\":" + bytes + "}").getBytes(StandardCharsets.UTF_8));
    }
}
