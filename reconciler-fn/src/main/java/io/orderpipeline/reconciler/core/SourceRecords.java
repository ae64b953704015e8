package io.orderpipeline.reconciler.core;

import java.io.Closeable;
import java.io.IOException;

/** Reads an order file's records exactly as the Distributed Map's ItemReader splits it (decision 1: item-reader). */
public interface SourceRecords {

    Cursor open(SourceFile file) throws IOException;

    /** The records one at a time. */
    interface Cursor extends Closeable {

        /**
         * The next record, or null at the end.
         *
         * @throws Unreadable when the object is not what its format says (the ItemReader fails the same way)
         */
        SourceRecord next() throws IOException;
    }

    /** The object cannot be split into records; the message says what and where. */
    final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
