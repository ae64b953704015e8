package io.orderpipeline.bench.archfixture;

/** Half of a deliberate import circle: {@link io.orderpipeline.bench.ArchitectureTest} must reject it. */
public final class Caller {

    private Caller() {
    }

    public static int call() {
        return Callee.answer() + 1;
    }

    static int base() {
        return 41;
    }
}
