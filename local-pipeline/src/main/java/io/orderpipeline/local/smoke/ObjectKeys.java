package io.orderpipeline.local.smoke;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The keys an object key received from S3's events may stand for. S3 documents the keys of its notifications as
 * URL-encoded (a space as {@code +}: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html);
 * its EventBridge page does not say (issue #21 §1), so a key is matched as received, percent-decoded, and with
 * {@code +} as a space.
 */
final class ObjectKeys {
    private ObjectKeys() {
    }

    /** The key as received, percent-decoded ({@code +} kept), and form-decoded ({@code +} as a space). */
    static Set<String> candidates(String received) {
        var keys = new LinkedHashSet<String>();
        keys.add(received);
        try {
            keys.add(URLDecoder.decode(received.replace("+", "%2B"), StandardCharsets.UTF_8));
            keys.add(URLDecoder.decode(received, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notEncoded) {
            // a '%' not followed by two hex digits: the key was sent as is
        }
        return keys;
    }

    /** How the received key stands for {@code key}: "as uploaded", "URL-encoded", or null when it does not. */
    static String encoding(String received, String key) {
        if (received.equals(key)) {
            return "as uploaded";
        }
        return candidates(received).contains(key) ? "URL-encoded (" + received + ")" : null;
    }

    /** Whether a key received from the pipeline (an attribute, a report) is one under {@code prefix}. */
    static boolean under(String received, String prefix) {
        return received != null && candidates(received).stream().anyMatch(k -> k.startsWith(prefix));
    }
}
