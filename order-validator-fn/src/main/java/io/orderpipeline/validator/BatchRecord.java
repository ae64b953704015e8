package io.orderpipeline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.Order;

import java.util.Objects;

/** One record of a batch as read, with its size in the payload (for the record-size rule). */
sealed interface BatchRecord permits BatchRecord.Parsed, BatchRecord.Tree {

    long bytes();

    /** A valid order, read without a tree of the record. */
    record Parsed(Order order, long bytes) implements BatchRecord {
        public Parsed {
            Objects.requireNonNull(order, "order");
        }
    }

    /** Any other record, as a tree still to be validated. */
    record Tree(JsonNode record, long bytes) implements BatchRecord {
    }
}
