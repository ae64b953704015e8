package io.orderpipeline.bench.archfixture.layers.core;

import io.orderpipeline.bench.archfixture.layers.aws.Adapter;
import software.amazon.awssdk.services.sqs.model.Message;

/** A decision that works on SQS's own message and calls an adapter: {@code FunctionLayersTest} must reject it. */
public final class Decision {

    private Decision() {
    }

    public static String decide(Message message) {
        return message.body() + Adapter.name();
    }
}
