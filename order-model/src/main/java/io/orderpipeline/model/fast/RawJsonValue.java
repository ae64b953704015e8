package io.orderpipeline.model.fast;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Ready JSON bytes handed to a generator's {@code writeRawValue}: the generator copies them into its buffer as they
 * are (its separators still come first). A view of a reused {@link JsonBytes}, valid until that buffer changes.
 * The "unquoted" forms are the JSON text itself; the "quoted" forms are that text escaped as a string's content.
 */
public final class RawJsonValue implements SerializableString {

    private final JsonBytes json;

    public RawJsonValue(JsonBytes json) {
        this.json = json;
    }

    @Override
    public String getValue() {
        return new String(json.array(), 0, json.length(), StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOf(json.array(), json.length());
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        int length = json.length();
        if (offset + length > buffer.length) {
            return -1;
        }
        System.arraycopy(json.array(), 0, buffer, offset, length);
        return length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(json.array(), 0, json.length());
        return json.length();
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        int length = json.length();
        if (length > buffer.remaining()) {
            return -1;
        }
        buffer.put(json.array(), 0, length);
        return length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        return append(getValue().toCharArray(), buffer, offset);
    }

    @Override
    public char[] asQuotedChars() {
        return JsonStringEncoder.getInstance().quoteAsString(getValue());
    }

    @Override
    public byte[] asQuotedUTF8() {
        return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        byte[] quoted = asQuotedUTF8();
        if (offset + quoted.length > buffer.length) {
            return -1;
        }
        System.arraycopy(quoted, 0, buffer, offset, quoted.length);
        return quoted.length;
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return append(asQuotedChars(), buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        byte[] quoted = asQuotedUTF8();
        if (quoted.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(quoted);
        return quoted.length;
    }

    @Override
    public String toString() {
        return getValue();
    }

    private static int append(char[] chars, char[] buffer, int offset) {
        if (offset + chars.length > buffer.length) {
            return -1;
        }
        System.arraycopy(chars, 0, buffer, offset, chars.length);
        return chars.length;
    }
}
