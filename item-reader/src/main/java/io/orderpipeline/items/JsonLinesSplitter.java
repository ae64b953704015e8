package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** InputType JSONL: each line (ended by LF, or by the end of the object) holds one JSON value, which is an item. */
final class JsonLinesSplitter implements Splitter {

    private final InputStream in;
    /** Bytes read from {@code in} and not yet consumed: {@code buffer[position..limit)}. */
    private final byte[] buffer = new byte[65_536];
    private int position;
    private int limit;
    /** The current line: {@code line[0..lineLength)} (plain arrays: per-byte stream calls took locks). */
    private byte[] line = new byte[1024];
    private int lineLength;
    private long offset;
    private long lineNumber;
    private boolean ended;

    /** @param in the object's bytes; @param offsetBase where {@code in} starts in the object */
    JsonLinesSplitter(InputStream in, long offsetBase) {
        this.in = in;
        this.offset = offsetBase;
    }

    @Override
    public JsonNode next() throws IOException {
        while (!ended) {
            long lineStart = offset;
            if (!readLine()) {
                return null;
            }
            if (Undocumented.SKIP_BLANK_JSONL_LINES && isBlank(line, lineLength)) {
                continue;
            }
            try (JsonParser parser = ExactJson.mapper().createParser(line, 0, lineLength)) {
                JsonNode value = ExactJson.readValue(parser);
                if (parser.nextToken() != null) {
                    throw new ItemReadException(ItemReadException.Problem.MORE_THAN_ONE_VALUE,
                            "the line holds more than one JSON value", lineNumber,
                            lineStart + parser.currentTokenLocation().getByteOffset(), null);
                }
                return value;
            } catch (JsonProcessingException e) {
                throw JsonProblems.of(e, lineNumber - 1, lineStart);
            }
        }
        return null;
    }

    /** Reads the next line (without its LF) into {@code line}; false at the end of the object. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        if (position == limit && !fill()) {
            ended = true;
            return false;
        }
        lineNumber++;
        while (true) {
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            append(end - position);
            if (newline >= 0) {
                position = newline + 1;
                offset += lineLength + 1;
                return true;
            }
            position = limit;
            if (!fill()) {
                ended = true;
                offset += lineLength;
                return true;
            }
        }
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, position, line, lineLength, count);
        lineLength += count;
    }

    /** Refills the buffer; false at the end of the object. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
