package io.orderpipeline.asl.intrinsics;

/**
 * Why one intrinsic call failed, before {@link Intrinsics} wraps it the way AWS reports it:
 * {@code The function '<expression>' had the following error: <detail>}.
 */
final class IntrinsicException extends RuntimeException {

    IntrinsicException(String detail) {
        super(detail);
    }

    String detail() {
        return getMessage();
    }
}
