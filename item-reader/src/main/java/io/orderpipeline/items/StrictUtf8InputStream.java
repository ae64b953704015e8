package io.orderpipeline.items;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Passes on only bytes that have been checked to be UTF-8 (the JDK's decoder: no malformed or truncated sequences,
 * no encoded surrogates, no overlong forms); bytes of a character still incomplete are held back until the rest
 * arrives, so a reader behind this stream never sees a broken sequence. The first violation ends the stream with
 * {@link ItemReadException.Problem#INVALID_UTF8}, naming its byte offset and line.
 */
final class StrictUtf8InputStream extends InputStream {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[16_384];
    private final CharBuffer scratch = CharBuffer.allocate(16_384);
    private long bufferOffset;   // offset in the object of buffer[0]
    private int start;           // next byte to hand out
    private int checkedEnd;      // [start, checkedEnd) is checked and may be handed out
    private int end;             // [checkedEnd, end) is read but still part of an incomplete character
    private long lines = 1;      // line of buffer[checkedEnd]
    private boolean eof;

    /** @param baseOffset bytes of the object before this stream (a dropped byte order mark) */
    StrictUtf8InputStream(InputStream in, long baseOffset) {
        this.in = in;
        this.bufferOffset = baseOffset;
    }

    @Override
    public int read() throws IOException {
        if (!ensureAvailable()) {
            return -1;
        }
        return buffer[start++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int n = Math.min(len, checkedEnd - start);
        System.arraycopy(buffer, start, b, off, n);
        start += n;
        return n;
    }

    @Override
    public int available() {
        return checkedEnd - start;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean ensureAvailable() throws IOException {
        while (start == checkedEnd) {
            if (eof) {
                return false;
            }
            fill();
        }
        return true;
    }

    private void fill() throws IOException {
        // keep only the incomplete tail, at the front of the buffer
        int tail = end - checkedEnd;
        System.arraycopy(buffer, checkedEnd, buffer, 0, tail);
        bufferOffset += checkedEnd;
        start = 0;
        checkedEnd = 0;
        end = tail;
        int n = in.read(buffer, end, buffer.length - end);
        if (n == -1) {
            eof = true;
            if (end > 0) {
                throw invalid(0, end, "the object ends inside a UTF-8 sequence: ");
            }
            return;
        }
        end += n;
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, end);
        CoderResult result;
        do {
            scratch.clear();
            result = decoder.decode(bytes, scratch, false);
        } while (result.isOverflow());
        countLines(0, bytes.position());
        if (result.isError()) {
            throw invalid(bytes.position(), result.length(), "bytes that are not UTF-8: ");
        }
        checkedEnd = bytes.position();
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                lines++;
            }
        }
    }

    private ItemReadException invalid(int at, int length, String what) {
        var text = new StringBuilder(what);
        for (int i = 0; i < length && at + i < end; i++) {
            text.append(i == 0 ? "" : " ").append(String.format("0x%02X", buffer[at + i] & 0xFF));
        }
        return new ItemReadException(ItemReadException.Problem.INVALID_UTF8, text.toString(), lines,
                bufferOffset + at, null);
    }
}
