package io.orderpipeline.bench.archfixture.layers.aws;

import io.orderpipeline.bench.archfixture.layers.Edge;

/** An adapter that reaches back into the edge: {@code FunctionLayersTest} must reject it. */
public final class Adapter {

    private Adapter() {
    }

    public static String name() {
        return Edge.name() + "/adapter";
    }
}
