package io.orderpipeline.asl.engine;

/** Listener calls must never break an execution. */
public final class Listeners {

    private Listeners() {
    }

    public static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // an observer's failure is not the execution's failure
        }
    }
}
