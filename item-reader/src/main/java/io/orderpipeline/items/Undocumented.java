package io.orderpipeline.items;

/**
 * Where AWS does not document how the Distributed Map's ItemReader splits an object, the choice made here — the one
 * place to change it when AWS's behaviour is confirmed. Each choice loses nothing: no data is dropped, and nothing is
 * made up (no phantom item from a line that holds no data). docs/asl-executor.md lists them.
 */
final class Undocumented {

    private Undocumented() {
    }

    /**
     * A UTF-8 byte order mark (EF BB BF) at the very start of the object is not data: it is dropped (spreadsheet
     * tools write one; kept, it would become part of the first CSV header name).
     */
    static final boolean DROP_BYTE_ORDER_MARK = true;

    /** JSONL: a line holding only spaces, tabs or a CR is not an item (it holds no JSON value). */
    static final boolean SKIP_BLANK_JSONL_LINES = true;

    /**
     * CSV: an empty line (nothing between two line ends, outside quotes) is not a record, and does not count as one;
     * read as a record it would be a phantom item of empty strings. A line of spaces is data (with SPACE as the
     * delimiter, or as a one-column value).
     */
    static final boolean SKIP_EMPTY_CSV_LINES = true;

    /**
     * CSV: a CR LF pair ends a record as LF does (AWS documents only "newlines"); a CR on its own is data, kept.
     * Inside a quoted field every character, CR and LF included, is kept.
     */
    static final boolean CRLF_ENDS_CSV_RECORD = true;

    /**
     * CSV: a quoted field left open at the end of the object is a read error, not a field that silently swallowed
     * every later row.
     */
    static final boolean UNTERMINATED_QUOTE_IS_AN_ERROR = true;
}
