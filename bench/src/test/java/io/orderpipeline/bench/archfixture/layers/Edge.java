package io.orderpipeline.bench.archfixture.layers;

/** A function's edge (its handler's package), which adapters must not use: {@code FunctionLayersTest}'s fixture. */
public final class Edge {

    private Edge() {
    }

    public static String name() {
        return "edge";
    }
}
