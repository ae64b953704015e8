package io.orderpipeline.reconciler.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The object key an "Object Created" event names, resolved to the key that really exists.
 * <p>
 * S3 documents the keys of its event notifications as URL-encoded: "red flower.jpg" becomes "red+flower.jpg"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). Its EventBridge page
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html) says nothing either way, so the key of
 * {@code detail.object.key} may be raw or encoded. This works whichever way AWS behaves: the candidates are the key as
 * received, else percent-decoded ({@code +} kept), else with {@code +} as a space and then percent-decoded; the first
 * one that S3 holds as the event's version (and size and ETag, when the event names them) is the object meant. As
 * received comes first, so a raw key is never decoded into another object's name; the version id decides between
 * two existing objects ("a+b.json" and "a b.json" both in the bucket).
 */
public final class EventKeys {

    /** How a candidate was made from the received key. */
    public enum Decoding {
        AS_RECEIVED("as received"),
        PERCENT_DECODED("percent-decoded"),
        FORM_DECODED("'+' as space, percent-decoded");

        private final String words;

        Decoding(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One key the received one may stand for. */
    public record Candidate(String key, Decoding decoding) {
    }

    /** The key that holds the event's object, and what S3 says of it. */
    public record Resolved(String key, Decoding decoding, ObjectStore.ObjectVersion object) {
    }

    private final ObjectStore store;

    public EventKeys(ObjectStore store) {
        this.store = store;
    }

    /**
     * The distinct candidates for a received key, in the order they are tried: as received; percent-decoded; with
     * {@code +} as a space, percent-decoded. A decoding that does not apply (a {@code %} not followed by two hex
     * digits, bytes that are not UTF-8) gives no candidate.
     */
    public static List<Candidate> candidates(String received) {
        var candidates = new ArrayList<Candidate>(3);
        candidates.add(new Candidate(received, Decoding.AS_RECEIVED));
        percentDecode(received).ifPresent(key -> add(candidates, new Candidate(key, Decoding.PERCENT_DECODED)));
        percentDecode(received.replace('+', ' ')).ifPresent(key -> add(candidates,
                new Candidate(key, Decoding.FORM_DECODED)));
        return List.copyOf(candidates);
    }

    private static void add(List<Candidate> candidates, Candidate candidate) {
        if (candidates.stream().noneMatch(c -> c.key().equals(candidate.key()))) {
            candidates.add(candidate);
        }
    }

    /**
     * The first candidate S3 holds as the event's object: that version when the event names one (S3 answers for a
     * version under its own key only), of that size and ETag when the event names them.
     *
     * @param versionId null when the bucket is not versioned
     * @param size      null when the event does not say
     * @param etag      null when the event does not say; quotes are ignored
     * @return empty when no candidate is the object (deleted since, or never under any of these keys)
     * @throws IOException when S3 fails otherwise (throttling, a network error)
     */
    public Optional<Resolved> resolve(String bucket, String received, String versionId, Long size, String etag)
            throws IOException {
        for (Candidate candidate : candidates(received)) {
            Optional<ObjectStore.ObjectVersion> object = store.describe(bucket, candidate.key(), versionId);
            if (object.isPresent() && isTheEventsObject(object.get(), versionId, size, etag)) {
                return Optional.of(new Resolved(candidate.key(), candidate.decoding(), object.get()));
            }
        }
        return Optional.empty();
    }

    private static boolean isTheEventsObject(ObjectStore.ObjectVersion object, String versionId, Long size,
                                             String etag) {
        return (versionId == null || object.versionId() == null || versionId.equals(object.versionId()))
                && (size == null || size == object.size())
                && (etag == null || object.etag() == null || unquoted(etag).equals(unquoted(object.etag())));
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "");
    }

    /** {@code %XX} sequences as UTF-8 bytes, everything else as it is; empty when that is not possible. */
    static Optional<String> percentDecode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('%') < 0) {
            return Optional.of(text);
        }
        var bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
