package io.orderpipeline.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * InputType CSV, by the rules AWS documents in "How Step Functions parses input CSV files"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html):
 * <ul>
 *   <li>fields are separated by the CSVDelimiter, records by newlines; every field is a string;</li>
 *   <li>double quotes are not required; inside them the delimiter and newlines are data;</li>
 *   <li>a doubled double quote is one literal double quote (inside quotes, and, as AWS's own example
 *       {@code {""MyKey"":""MyValue""}} shows, in an unquoted field too);</li>
 *   <li>a backslash escapes a backslash, a double quote or the delimiter (the character is kept, without its
 *       special meaning); a backslash before any other character is silently removed (the character stays) —
 *       quoted or not;</li>
 *   <li>"backslashes that escape double quotation marks only work when included in pairs": read here as an escaped
 *       quote being kept literally while still opening or closing a quoted stretch, so a lone {@code \"} leaves the
 *       rest of the record quoted and a pair {@code \"…\"} works;</li>
 *   <li>a record with fewer fields than the header gets empty strings for the missing ones; extra fields are
 *       skipped;</li>
 *   <li>the header is the first record (CSVHeaderLocation FIRST_ROW) or given (GIVEN, every record is data).</li>
 * </ul>
 * What AWS leaves open is decided in {@link Undocumented} (empty lines, CR LF, an unterminated quote, a BOM).
 */
final class CsvSplitter implements Splitter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Reader in;
    private final char delimiter;
    private List<String> headers;
    private int pushedBack = -2; // -2: nothing pushed back
    private long line = 1;
    private long recordLine;
    /** The text of the field in which the record's first CR outside quotes with no LF after it came, or null. */
    private String recordBareCrAfter;

    /** @param in a reader of the (checked) UTF-8 text; @param givenHeaders null: the first record is the header */
    CsvSplitter(Reader in, CsvDelimiter delimiter, List<String> givenHeaders) {
        this.in = in;
        this.delimiter = delimiter.character();
        this.headers = givenHeaders;
    }

    /** The header: given, or read from the first record (which is then not an item). */
    List<String> header() throws IOException {
        readHeaderIfNeeded();
        return headers;
    }

    @Override
    public JsonNode next() throws IOException {
        readHeaderIfNeeded();
        List<String> fields = nextRecord();
        if (fields == null) {
            return null;
        }
        ObjectNode item = NODES.objectNode();
        for (int i = 0; i < headers.size(); i++) {
            // fewer fields than headers: empty strings; more: the extra ones are skipped (both documented by AWS)
            item.put(headers.get(i), i < fields.size() ? fields.get(i) : "");
        }
        return item;
    }

    private void readHeaderIfNeeded() throws IOException {
        if (headers == null) {
            List<String> header = nextRecord();
            if (header == null) {
                throw new ItemReadException(ItemReadException.Problem.CSV_NO_HEADER,
                        "the object has no header row (CSVHeaderLocation FIRST_ROW)", 1, -1, null);
            }
            if (recordBareCrAfter != null) {
                // before the duplicate check: with CR line ends every row is in the "header", and its repeated
                // values would be blamed instead of the line ends
                throw new ItemReadException(ItemReadException.Problem.CSV_CR_LINE_ENDS, "the header row holds a CR"
                        + " (0x0D) with no LF after it, after '" + recordBareCrAfter + "': the file's lines end in CR"
                        + " alone, which ends no CSV record, so every row would be read as part of the header; save the"
                        + " file with LF or CR LF line ends", recordLine, -1, null);
            }
            var seen = new HashSet<String>();
            for (String name : header) {
                if (!seen.add(name)) {
                    throw new ItemReadException(ItemReadException.Problem.CSV_DUPLICATE_HEADER, "the header names the "
                            + "column '" + name + "' twice; one column would silently replace the other", recordLine,
                            -1, null);
                }
            }
            headers = List.copyOf(header);
        }
    }

    /** The next record's fields, or null at the end of the object. */
    private List<String> nextRecord() throws IOException {
        while (true) {
            recordLine = line;
            recordBareCrAfter = null;
            var fields = new ArrayList<String>();
            var field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            boolean anything = false;
            while (true) {
                int c = read();
                if (c == -1) {
                    if (quoted && Undocumented.UNTERMINATED_QUOTE_IS_AN_ERROR) {
                        throw new ItemReadException(ItemReadException.Problem.CSV_UNTERMINATED_QUOTE, "a quoted field "
                                + "opened in the record starting on line " + recordLine + " is never closed", line, -1,
                                null);
                    }
                    if (!anything) {
                        return null;
                    }
                    fields.add(field.toString());
                    return fields;
                }
                anything = true;
                if (c == '\\') {
                    int next = read();
                    if (next == '\\' || next == delimiter) {
                        field.append((char) next);
                    } else if (next == '"') {
                        field.append('"');
                        quoted = !quoted; // "only works in pairs": the escaped quote still opens or closes
                    } else if (next != -1) {
                        pushBack(next); // a backslash before anything else is silently removed
                    }
                    fieldStart = false;
                } else if (c == '"') {
                    int next = read();
                    if (next == '"' && !(fieldStart && !quoted)) {
                        field.append('"'); // a doubled quote is one literal quote
                    } else {
                        pushBack(next);
                        quoted = !quoted;
                    }
                    fieldStart = false;
                } else if (!quoted && c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                } else if (!quoted && c == '\n') {
                    line++;
                    break;
                } else if (!quoted && c == '\r' && Undocumented.CRLF_ENDS_CSV_RECORD && peek() == '\n') {
                    read();
                    line++;
                    break;
                } else {
                    if (c == '\n') {
                        line++;
                    } else if (c == '\r' && !quoted && recordBareCrAfter == null) {
                        recordBareCrAfter = field.toString();
                    }
                    field.append((char) c);
                    fieldStart = false;
                }
            }
            boolean empty = fields.isEmpty() && field.isEmpty() && fieldStart;
            if (empty && Undocumented.SKIP_EMPTY_CSV_LINES) {
                continue;
            }
            fields.add(field.toString());
            return fields;
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        int c = read();
        pushBack(c);
        return c;
    }

    private void pushBack(int c) {
        pushedBack = c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
