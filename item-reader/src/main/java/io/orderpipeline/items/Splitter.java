package io.orderpipeline.items;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Closeable;
import java.io.IOException;

/** Cuts one object into item values, in order; one implementation per InputType. */
sealed interface Splitter extends Closeable permits JsonArraySplitter, JsonLinesSplitter, CsvSplitter {

    /** The next item's value, or null when the object has no more. */
    JsonNode next() throws IOException;
}
