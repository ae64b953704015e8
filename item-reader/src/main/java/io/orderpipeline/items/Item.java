package io.orderpipeline.items;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One item as the Distributed Map hands it on.
 *
 * @param index the item's 0-based position among the object's items ({@code $$.Map.Item.Index}); skipped blank
 *              lines do not count
 * @param value the item: any JSON value (JSON, JSONL) or an object of strings (CSV), as an exact tree
 *              ({@link ExactJson})
 * @param bytes the size of the item as it travels in a Step Functions payload: its compact UTF-8 JSON text
 */
public record Item(long index, JsonNode value, long bytes) {
}
