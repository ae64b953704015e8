package io.orderpipeline.validator;

import com.fasterxml.jackson.core.JsonParser;
import io.orderpipeline.model.RecordFormat;

import java.io.IOException;
import java.util.List;

/** Reads a batch's {@code Items} array: from its {@code START_ARRAY}, leaving the parser on its {@code END_ARRAY}. */
@FunctionalInterface
interface ItemsReader {

    /**
     * @param payload the bytes the parser reads
     * @param parser  a parser over the whole of {@code payload}, on the array's {@code START_ARRAY}
     * @throws IOException when the JSON cannot be read (a tree read of the payload fails too)
     */
    Items read(byte[] payload, JsonParser parser) throws IOException;

    /** The records read, given once the batch's format is known ({@code BatchInput} may come after {@code Items}). */
    @FunctionalInterface
    interface Items {
        List<BatchRecord> forFormat(RecordFormat format) throws IOException;
    }
}
