package io.orderpipeline.model.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The conditional put shared by the state machine and the redrive: a new order id is written; the same id with the
 * same content is rewritten (replays are harmless); the same id with other content fails the condition
 * ({@code ConditionalCheckFailedException} → DLQ with {@link io.orderpipeline.model.ReasonCode#DUPLICATE_ORDER_CONFLICT}).
 */
public final class IdempotentWrite {

    public static final String CONDITION_EXPRESSION = "attribute_not_exists(orderId) OR contentHash = :contentHash";
    public static final String CONTENT_HASH_PLACEHOLDER = ":contentHash";

    private IdempotentWrite() {
    }

    /** {@code {":contentHash": {"S": "<item.contentHash>"}}} for a DynamoDB item from {@link OrderItemMapper#toItem}. */
    public static ObjectNode expressionAttributeValues(JsonNode item) {
        String hash = OrderItemMapper.contentHash(item);
        if (hash == null) {
            throw new IllegalArgumentException("the item has no contentHash");
        }
        ObjectNode values = AttributeValues.NODES.objectNode();
        values.set(CONTENT_HASH_PLACEHOLDER, AttributeValues.s(hash));
        return values;
    }
}
