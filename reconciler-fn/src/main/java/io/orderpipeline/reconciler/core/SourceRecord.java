package io.orderpipeline.reconciler.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as the Distributed Map's ItemReader splits the object.
 *
 * @param index the 0-based index ({@code $$.Map.Item.Index})
 * @param bytes its size as it travels in a Step Functions payload
 */
public record SourceRecord(int index, JsonNode value, long bytes) {
}
