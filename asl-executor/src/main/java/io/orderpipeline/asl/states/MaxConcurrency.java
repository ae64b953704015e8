package io.orderpipeline.asl.states;

import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.Scope;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.spi.StatesError;

/**
 * MaxConcurrency (a number, or in JSONata an expression) or MaxConcurrencyPath of a Map; 0 (the default) means "as
 * many as possible", here a fixed cap.
 *
 * @param source null when neither field is given
 */
public record MaxConcurrency(ValueSource source) {

    public static MaxConcurrency from(Fields fields) {
        return new MaxConcurrency(fields.count("MaxConcurrency", "MaxConcurrencyPath", 0, 10_000));
    }

    /** @param scope the Map's scope, its JSONPath document the Map's effective input */
    public int resolve(Scope scope, int capWhenUnbounded) throws StatesError {
        long limit = source == null ? 0 : Values.integer(source, scope, "MaxConcurrency", 0);
        return limit == 0 ? capWhenUnbounded : (int) Math.min(limit, capWhenUnbounded);
    }
}
