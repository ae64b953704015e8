package io.orderpipeline.bench.archfixture.pair.left;

import io.orderpipeline.bench.archfixture.pair.right.Right;

/** Half of a deliberate package circle: {@code ArchitectureTest} must reject it. */
public final class Left {

    private Left() {
    }

    public static int value() {
        return Right.twice(1);
    }
}
