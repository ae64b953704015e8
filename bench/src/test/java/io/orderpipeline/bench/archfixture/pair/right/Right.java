package io.orderpipeline.bench.archfixture.pair.right;

import io.orderpipeline.bench.archfixture.pair.left.Left;

/** The other half of the deliberate package circle: it calls back into {@link Left}'s package. */
public final class Right {

    private Right() {
    }

    public static int twice(int n) {
        return n * 2;
    }

    static int back() {
        return Left.value();
    }
}
