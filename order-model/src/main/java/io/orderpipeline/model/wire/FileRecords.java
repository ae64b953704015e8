package io.orderpipeline.model.wire;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a record of an order file is on the wire: its deterministic identity ({@code recordId}, data-contracts.md §4)
 * and the CSV blank-line rule (§1). The validator and the reconciler both use it, so they agree on both.
 *
 * <p>{@code recordId} = the first 128 bits (32 lower-case hex digits) of SHA-256 over the UTF-8 bytes of
 * {@code <source key> "\n" <content>}: for a valid order its content is {@code "order " + contentHash}
 * ({@link #orderRecordId}); for any other record, its canonical JSON ({@link #recordId}): compact, object members
 * sorted by name ({@link String#compareTo}), numbers as {@code BigDecimal.stripTrailingZeros().toString()} of their
 * exact value, strings escaped as JSON escapes them. So the same record in a re-upload of the same key has the same
 * id, a record whose values changed has another, and {@code 9.950} is the same number as {@code 9.95}.
 */
public final class FileRecords {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private FileRecords() {
    }

    /** The identity of a record that is not a valid order: its canonical JSON under its source key. */
    public static String recordId(String sourceKey, JsonNode record) {
        var out = new ByteArrayOutputStream(256);
        out.writeBytes(sourceKey.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        canonical(record, out);
        return digest(out.toByteArray());
    }

    /**
     * The identity of a record that is a valid order: its {@link ContentHash} (the canonical form of its business
     * content) under its source key, so the fast path, which reads a valid order without a tree, names it without one.
     * Records whose orders are the same are the same record: they would rewrite the same item.
     */
    public static String orderRecordId(String sourceKey, String contentHash) {
        return digest((sourceKey + "\norder " + contentHash).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The identity of a whole file (its FILE message): the lower-case hex SHA-256 (all 64 digits: the state machine
     * computes it with {@code States.Hash}, and ASL has no intrinsic to shorten a string) of the UTF-8 bytes of
     * {@code "file " + etag + " " + key}, the ETag without its quotes. The ETag stands for the content: every path to a
     * FILE message has it (from the event, even when the file cannot be read or INSPECT failed) without reading the
     * file, and for a single-part upload to an SSE-S3 bucket it is the MD5 of the content
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html), so the same bytes under the same key are
     * one record. A multipart upload's ETag depends on its part size too: such bytes uploaded again with another part
     * size are a second record — listed twice, never lost. An ETag holds no space, so the text splits one way only.
     */
    public static String fileRecordId(String sourceKey, String etag) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(("file " + etag.replace("\"", "") + " "
                    + sourceKey).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The canonical JSON text of a value (for tests and documentation). */
    public static String canonicalJson(JsonNode value) {
        var out = new ByteArrayOutputStream(256);
        canonical(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A CSV record whose every cell is empty: a blank line, not a record (data-contracts.md §1), whatever AWS's CSV
     * reader makes of such a line. Only objects of strings (CSV records) can be blank; an object without members
     * is not a CSV record.
     */
    public static boolean isBlankCsvRecord(JsonNode record) {
        if (record == null || !record.isObject() || record.isEmpty()) {
            return false;
        }
        for (JsonNode cell : record) {
            if (!cell.isTextual() || !cell.asText().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void canonical(JsonNode value, ByteArrayOutputStream out) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.writeBytes(NULL);
        } else if (value.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(value.size());
            value.properties().forEach(members::add);
            members.sort(Map.Entry.comparingByKey());
            out.write('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                string(members.get(i).getKey(), out);
                out.write(':');
                canonical(members.get(i).getValue(), out);
            }
            out.write('}');
        } else if (value.isArray()) {
            out.write('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                canonical(value.get(i), out);
            }
            out.write(']');
        } else if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            out.writeBytes(number.stripTrailingZeros().toString().getBytes(StandardCharsets.US_ASCII));
        } else if (value.isBoolean()) {
            out.writeBytes(value.booleanValue() ? TRUE : FALSE);
        } else {
            string(value.asText(), out);
        }
    }

    private static void string(String text, ByteArrayOutputStream out) {
        out.write('"');
        out.writeBytes(ENCODER.quoteAsUTF8(text));
        out.write('"');
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
}
