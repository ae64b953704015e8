package io.orderpipeline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.lambda.context.InvocationContext;

/** Lambda contexts as the runtime would pass them to the validator. */
final class TestContext {

    private TestContext() {
    }

    static Context of(String requestId) {
        return new InvocationContext(requestId, "ValidatorFunction", "7",
                "arn:aws:lambda:us-east-1:000000000000:function:ValidatorFunction:live", "/aws/lambda/ValidatorFunction",
                "2026/11/24/[live]0123456789abcdef", 1024, InvocationContext.fixed(60_000), System.out);
    }
}
