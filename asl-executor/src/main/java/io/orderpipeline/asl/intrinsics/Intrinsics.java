package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.StatesError;

/** The Amazon States Language intrinsic functions ({@code States.Format}, {@code States.Array}, …). */
public final class Intrinsics {

    private Intrinsics() {
    }

    /** True when a {@code .$} value is an intrinsic function call rather than a path. */
    public static boolean isIntrinsic(String expression) {
        return expression.startsWith("States.");
    }

    /**
     * Evaluates one intrinsic call, e.g. {@code States.Format('order {}', $.orderId)}; path arguments are resolved
     * through {@code paths}. Nested calls are allowed.
     *
     * @throws StatesError {@code States.IntrinsicFailure} (or {@code States.Runtime}) as AWS reports it
     */
    public static JsonNode evaluate(String expression, PathResolver paths) throws StatesError {
        throw new UnsupportedOperationException("intrinsic functions are not implemented yet");
    }
}
