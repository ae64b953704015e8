package io.orderpipeline.model.fast;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.model.json.Decimals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer of JSON text written by hand, byte for byte as Jackson's {@code UTF8JsonGenerator} writes
 * the same values with the project's mapper: strings with the short escapes ({@code \"}, {@code \\}, {@code \n},
 * {@code \r}, {@code \t}, {@code \b}, {@code \f}), {@code \\u00XX} (upper-case hex) for the other control
 * characters and {@code \\uXXXX} for every surrogate (paired or not: Jackson 2's UTF-8 generator escapes each one
 * unless {@code COMBINE_UNICODE_SURROGATES_IN_UTF8} is on, which the mapper leaves off), everything else as UTF-8.
 * Speed machinery for the DynamoDB item and the content hash; not an API.
 */
public final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 = as is, -1 = {@code \\u00XX}, else the character after the backslash. */
    private static final int[] ESCAPES = new int[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    /** Digits of a long that always fit (10^18 - 1 < Long.MAX_VALUE). */
    private static final int MAX_LONG_DIGITS = 18;
    private static final long[] POWERS_OF_TEN = new long[MAX_LONG_DIGITS + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i <= MAX_LONG_DIGITS; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private byte[] bytes;
    private int length;

    public JsonBytes(int capacity) {
        bytes = new byte[capacity];
    }

    public void reset() {
        length = 0;
    }

    public int length() {
        return length;
    }

    public byte[] array() {
        return bytes;
    }

    /** Constant bytes (pre-encoded JSON punctuation and names). */
    public void raw(byte[] constant) {
        room(constant.length);
        System.arraycopy(constant, 0, bytes, length, constant.length);
        length += constant.length;
    }

    /** Text known to be ASCII with nothing to escape (digits, hex, identifiers that passed their rule). */
    public void ascii(String text) {
        ascii(text, text.length());
    }

    @SuppressWarnings("deprecation") // the one-byte-per-char copy is exactly right for ASCII, and a plain array copy
    private void ascii(String text, int end) {
        room(end);
        text.getBytes(0, end, bytes, length);
        length += end;
    }

    /** A whole number, as {@code Integer.toString} writes it. */
    public void integer(int value) {
        integer((long) value);
    }

    /** A whole number, as {@code Long.toString} writes it. */
    public void integer(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            room(1);
            bytes[length++] = '-';
            value = -value;
        }
        digits(value, 1);
    }

    /** An integral JSON number as its text ({@code asText}) writes it. */
    public void integer(JsonNode number) {
        if (number.canConvertToLong()) {
            integer(number.longValue());
        } else {
            ascii(number.asText());
        }
    }

    /** The decimal digits of a non-negative value, zero-padded to at least {@code width}. */
    private void digits(long value, int width) {
        if (value <= Integer.MAX_VALUE) {
            digits((int) value, width); // int division is cheaper, and amounts fit
            return;
        }
        int count = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            count++;
        }
        count = Math.max(count, width);
        room(count);
        int at = length + count;
        length = at;
        long rest = value;
        for (int i = 0; i < count; i++) {
            bytes[--at] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
    }

    private void digits(int value, int width) {
        int count = 1;
        for (int rest = value; rest >= 10; rest /= 10) {
            count++;
        }
        count = Math.max(count, width);
        room(count);
        int at = length + count;
        length = at;
        int rest = value;
        for (int i = 0; i < count; i++) {
            bytes[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    /**
     * A decimal's canonical text ({@link Decimals#canonical}: plain notation, no trailing zeros). Amounts are small, so
     * the digits come straight from the unscaled value; others go through {@code toPlainString}.
     */
    public void decimal(BigDecimal value) {
        int scale = value.scale();
        if (value.signum() == 0) {
            room(1);
            bytes[length++] = '0';
        } else if (value.precision() <= MAX_LONG_DIGITS && scale >= 0 && scale <= MAX_LONG_DIGITS) {
            long unscaled = value.unscaledValue().longValue();
            while (scale > 0 && unscaled % 10 == 0) {
                unscaled /= 10;
                scale--;
            }
            if (unscaled < 0) {
                room(1);
                bytes[length++] = '-';
                unscaled = -unscaled;
            }
            long unit = POWERS_OF_TEN[scale];
            digits(unscaled / unit, 1);
            if (scale > 0) {
                room(1);
                bytes[length++] = '.';
                digits(unscaled % unit, scale);
            }
        } else {
            String plain = value.toPlainString();
            ascii(plain, Decimals.canonicalLength(plain, value.scale()));
        }
    }

    /** The content of a JSON string literal (without its quotes), escaped as Jackson's UTF-8 generator escapes it. */
    public void string(String text) {
        encode(text, true);
    }

    /**
     * The content of a JSON string literal with the same escapes, but a surrogate pair as its four UTF-8 bytes and a
     * lone surrogate as {@code ?}, as {@code String.getBytes(UTF_8)} does: the content hash's canonical form.
     */
    public void utf8String(String text) {
        encode(text, false);
    }

    private void encode(String text, boolean escapeSurrogates) {
        int n = text.length();
        room(n * 6); // the longest form of one char: \\u00XX
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = (byte) escape;
                } else {
                    b[at++] = '\\';
                    b[at++] = 'u';
                    b[at++] = '0';
                    b[at++] = '0';
                    b[at++] = HEX[c >> 4];
                    b[at++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (escapeSurrogates) {
                b[at++] = '\\';
                b[at++] = 'u';
                b[at++] = HEX[c >> 12];
                b[at++] = HEX[(c >> 8) & 0xF];
                b[at++] = HEX[(c >> 4) & 0xF];
                b[at++] = HEX[c & 0xF];
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[at++] = '?';
            }
        }
        length = at;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    public static byte[] constant(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
