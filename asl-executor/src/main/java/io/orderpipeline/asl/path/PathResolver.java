package io.orderpipeline.asl.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.spi.StatesError;

/**
 * Resolves a JSONPath reference the way Step Functions does: paths starting with {@code $$} address the
 * context object, paths starting with {@code $} the current state's input. Shared by I/O processing,
 * intrinsic functions and Choice rules.
 */
@FunctionalInterface
public interface PathResolver {

    /** @throws StatesError {@code States.Runtime} when the path matches nothing, as AWS reports it */
    JsonNode resolve(String path) throws StatesError;
}
