package io.orderpipeline.bench.coldstart.crac;

/** Same shape as {@code jdk.crac.Context}. */
public abstract class Context<R extends Resource> implements Resource {

    public abstract void register(R resource);
}
