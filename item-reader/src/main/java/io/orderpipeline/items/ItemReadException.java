package io.orderpipeline.items;

import java.io.IOException;

/**
 * The object cannot be split into items: it is not what its InputType says (with where and why), or its text is not
 * valid UTF-8. Step Functions fails the Map state in such a case ({@code States.ItemReaderFailed}) and starts no
 * child; {@link ItemStream} stops at the first problem.
 */
public final class ItemReadException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Problem {
        /** Bytes that are not UTF-8 (malformed or truncated sequences, encoded surrogates, overlong forms). */
        INVALID_UTF8,
        /** Text in another Unicode encoding (UTF-16, UTF-32), recognised at its start ({@link TextEncodings}). */
        NOT_UTF8,
        /** A JSON string with a surrogate that is not part of a pair ({@code "\uD800"}): it has no UTF-8 form. */
        LONE_SURROGATE,
        /** Not valid JSON (syntax, a repeated field name in one object, a number too long to read). */
        MALFORMED_JSON,
        /** InputType JSON, but the object does not hold one JSON array. */
        NOT_A_JSON_ARRAY,
        /** InputType JSONL, but a line holds more than one JSON value. */
        MORE_THAN_ONE_VALUE,
        /** CSV with the header in the first row, but the object has no row at all. */
        CSV_NO_HEADER,
        /** The CSV header names a column twice: one would silently replace the other. */
        CSV_DUPLICATE_HEADER,
        /**
         * The CSV header row holds a CR that no LF follows, outside quotes: the file's lines end in CR alone, which ends
         * no record ({@link Undocumented#CRLF_ENDS_CSV_RECORD}), so the header would swallow the rows after it.
         */
        CSV_CR_LINE_ENDS,
        /** A quoted CSV field is not closed before the end of the object. */
        CSV_UNTERMINATED_QUOTE
    }

    private final Problem problem;
    private final long line;
    private final long byteOffset;

    /**
     * @param line       1-based line where the problem is, or 0 when unknown
     * @param byteOffset 0-based byte offset in the object, or -1 when unknown
     */
    ItemReadException(Problem problem, String detail, long line, long byteOffset, Throwable cause) {
        super(message(problem, detail, line, byteOffset), cause);
        this.problem = problem;
        this.line = line;
        this.byteOffset = byteOffset;
    }

    private static String message(Problem problem, String detail, long line, long byteOffset) {
        var where = new StringBuilder();
        if (line > 0) {
            where.append("line ").append(line);
        }
        if (byteOffset >= 0) {
            where.append(where.isEmpty() ? "" : ", ").append("byte ").append(byteOffset);
        }
        return (where.isEmpty() ? "" : where + ": ") + detail + " [" + problem + "]";
    }

    public Problem problem() {
        return problem;
    }

    /** 1-based line of the problem, or 0 when not known. */
    public long line() {
        return line;
    }

    /** 0-based byte offset of the problem in the object, or -1 when not known. */
    public long byteOffset() {
        return byteOffset;
    }
}
