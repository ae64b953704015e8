package io.orderpipeline.bench.archfixture;

/** The other half of the deliberate import circle: it calls back into {@link Caller}. */
public final class Callee {

    private Callee() {
    }

    static int answer() {
        return Caller.base();
    }
}
