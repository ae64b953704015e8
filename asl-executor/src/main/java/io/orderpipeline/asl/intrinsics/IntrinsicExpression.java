package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One parsed argument of an intrinsic call: a literal, a path, or a nested call. */
sealed interface IntrinsicExpression {

    /**
     * A literal value. {@code source} keeps a string literal's text with its escapes still in place, because
     * {@code States.Format} must tell an escaped {@code \{} from a placeholder {@code {}}; it is null otherwise.
     */
    record Literal(JsonNode value, String source) implements IntrinsicExpression {
    }

    /** A reference path ({@code $.a.b[0]} or {@code $$.Execution.Id}) resolved at evaluation time. */
    record Path(String path) implements IntrinsicExpression {
    }

    /** A call such as {@code States.Array($.a, 'b')}. */
    record Call(String name, List<IntrinsicExpression> arguments) implements IntrinsicExpression {
    }
}
