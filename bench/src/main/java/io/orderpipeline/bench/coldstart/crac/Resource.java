package io.orderpipeline.bench.coldstart.crac;

/** Same shape as {@code jdk.crac.Resource}, which {@code org.crac}'s compatibility layer binds to by name. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
