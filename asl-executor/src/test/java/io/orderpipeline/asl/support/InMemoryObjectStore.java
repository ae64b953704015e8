package io.orderpipeline.asl.support;

import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An S3 stand-in: objects by bucket/key (versions ignored unless stored with one). */
public final class InMemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public InMemoryObjectStore with(String bucket, String key, String content) {
        objects.put(bucket + "/" + key, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public InMemoryObjectStore withVersion(String bucket, String key, String versionId, String content) {
        objects.put(bucket + "/" + key + "?versionId=" + versionId, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public String text(String bucket, String key) {
        byte[] content = objects.get(bucket + "/" + key);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    public Map<String, String> all() {
        var copy = new TreeMap<String, String>();
        objects.forEach((k, v) -> copy.put(k, new String(v, StandardCharsets.UTF_8)));
        return copy;
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) {
        byte[] content = objects.get(bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId));
        if (content == null) {
            throw new StatesError("S3.NoSuchKey", "The specified key does not exist: " + key);
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
        if (bucket.equals("read-only-bucket")) {
            throw new StatesError("S3.AccessDenied", "Access Denied");
        }
        objects.put(bucket + "/" + key, content.clone());
    }
}
