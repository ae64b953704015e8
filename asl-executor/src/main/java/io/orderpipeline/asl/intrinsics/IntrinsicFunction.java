package io.orderpipeline.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/** One {@code States.*} function over already evaluated arguments. */
@FunctionalInterface
interface IntrinsicFunction {

    JsonNode apply(Arguments arguments);
}
