package io.orderpipeline.redrive;

import com.amazonaws.services.lambda.runtime.Context;
import io.orderpipeline.lambda.context.InvocationContext;

/** Lambda contexts as the runtime would pass them to the redrive. */
public final class TestContext {

    private TestContext() {
    }

    /** A context whose remaining time stays at {@code remainingMillis}. */
    public static Context withRemaining(int remainingMillis) {
        return new InvocationContext("req-1", "RedriveFunction", "1",
                "arn:aws:lambda:us-east-1:000000000000:function:RedriveFunction:live", "/aws/lambda/RedriveFunction",
                "stream", 1024, InvocationContext.fixed(remainingMillis), System.out);
    }
}
