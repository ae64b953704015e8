package io.orderpipeline.reconciler.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link ObjectStore} in memory (SnapStart priming, tests), versioned as the orders bucket is: every put adds a
 * version (ids {@code v1}, {@code v2}, … across the store), reads without a version id get the latest, keys are listed
 * in order, and an ETag is the MD5 of the content, quoted, as S3's for a single-part upload.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private record Version(String versionId, byte[] content) {
    }

    private final Map<String, List<Version>> objects = new ConcurrentSkipListMap<>();
    private final AtomicLong versions = new AtomicLong();

    public void put(String bucket, String key, String content) {
        putVersion(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Stores a new version of the object; returns its version id. */
    public String putVersion(String bucket, String key, byte[] content) {
        return putVersion(bucket, key, "v" + versions.incrementAndGet(), content);
    }

    /** Stores a new version of the object under a version id of the caller's (an event's); returns it. */
    public String putVersion(String bucket, String key, String versionId, byte[] content) {
        var version = new Version(versionId, content.clone());
        objects.computeIfAbsent(bucket + "/" + key, k -> new ArrayList<>()).add(version);
        return version.versionId();
    }

    /** Removes every version of the object. */
    public void delete(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    /** The latest version's text, or null when there is none. */
    public String text(String bucket, String key) {
        return find(bucket, key, null).map(v -> new String(v.content(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) throws IOException {
        return new ByteArrayInputStream(find(bucket, key, versionId).orElseThrow(() -> new IOException(
                (versionId == null ? "NoSuchKey: s3://" : "NoSuchVersion: s3://") + bucket + "/" + key
                        + (versionId == null ? "" : " version " + versionId))).content());
    }

    @Override
    public Optional<ObjectVersion> describe(String bucket, String key, String versionId) {
        return find(bucket, key, versionId).map(v -> new ObjectVersion(key, v.versionId(), v.content().length,
                etag(v.content())));
    }

    @Override
    public byte[] firstBytes(String bucket, String key, String versionId, int count) throws IOException {
        try (InputStream in = open(bucket, key, versionId)) {
            return in.readNBytes(count);
        }
    }

    @Override
    public List<String> list(String bucket, String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/" + prefix))
                .map(k -> k.substring(bucket.length() + 1)).toList();
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        putVersion(bucket, key, content);
    }

    private Optional<Version> find(String bucket, String key, String versionId) {
        List<Version> all = objects.get(bucket + "/" + key);
        if (all == null || all.isEmpty()) {
            return Optional.empty();
        }
        return versionId == null ? Optional.of(all.getLast())
                : all.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    /** The quoted MD5 hex of the content, as S3's ETag of a single-part upload. */
    public static String etag(byte[] content) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }
}
