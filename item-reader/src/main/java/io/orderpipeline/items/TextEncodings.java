package io.orderpipeline.items;

import java.util.Optional;

/**
 * The one rule for the text encoding of an order file: UTF-8, with a UTF-8 byte order mark tolerated (and dropped,
 * {@link Undocumented#DROP_BYTE_ORDER_MARK}). AWS documents no encoding for the Distributed Map's ItemReader
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html), so what it makes of other
 * encodings is unknown; this rule rejects them the same way with or without a byte order mark, by the file's first
 * bytes, before anything is read as records: UTF-16 and UTF-32 text either starts with its byte order mark or holds
 * NUL bytes among its first four (every ASCII character has one or three in those encodings; no order file starts
 * with a NUL in UTF-8).
 */
public final class TextEncodings {

    /** How many bytes of the start of an object {@link #notUtf8} looks at. */
    public static final int SNIFF_BYTES = 4;

    private TextEncodings() {
    }

    /**
     * Why the object whose first bytes these are is not UTF-8 text, in words a user can act on; empty when nothing at
     * its start says so (invalid UTF-8 further on is found while reading).
     *
     * @param head the object's first bytes (up to {@link #SNIFF_BYTES}; fewer when it is shorter)
     */
    public static Optional<String> notUtf8(byte[] head) {
        int n = Math.min(head.length, SNIFF_BYTES);
        int[] b = new int[SNIFF_BYTES];
        for (int i = 0; i < SNIFF_BYTES; i++) {
            b[i] = i < n ? head[i] & 0xFF : -1;
        }
        String encoding;
        String evidence;
        if (b[0] == 0x00 && b[1] == 0x00 && b[2] == 0xFE && b[3] == 0xFF) {
            encoding = "UTF-32 (big-endian)";
            evidence = "its byte order mark 00 00 FE FF";
        } else if (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0x00 && b[3] == 0x00) {
            encoding = "UTF-32 (little-endian)";
            evidence = "its byte order mark FF FE 00 00";
        } else if (b[0] == 0xFE && b[1] == 0xFF) {
            encoding = "UTF-16 (big-endian)";
            evidence = "its byte order mark FE FF";
        } else if (b[0] == 0xFF && b[1] == 0xFE) {
            encoding = "UTF-16 (little-endian)";
            evidence = "its byte order mark FF FE";
        } else if (n >= 2 && (b[0] == 0x00 || b[1] == 0x00 || (n >= 3 && b[2] == 0x00) || (n >= 4 && b[3] == 0x00))) {
            encoding = b[0] == 0x00 && b[1] == 0x00 ? "UTF-32 (big-endian)"
                    : b[1] == 0x00 && b[2] == 0x00 ? "UTF-32 (little-endian)"
                    : b[0] == 0x00 ? "UTF-16 (big-endian)" : "UTF-16 (little-endian)";
            evidence = "NUL bytes among its first " + n + " (" + hex(b, n) + "), without a byte order mark";
        } else {
            return Optional.empty();
        }
        return Optional.of("the file is " + encoding + " text, recognised by " + evidence
                + "; order files must be UTF-8 (a UTF-8 byte order mark is allowed): save it as UTF-8");
    }

    private static String hex(int[] bytes, int n) {
        var text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i]));
        }
        return text.toString();
    }
}
