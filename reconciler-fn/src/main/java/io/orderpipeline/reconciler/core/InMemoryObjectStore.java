package io.orderpipeline.reconciler.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** An {@link ObjectStore} in memory (SnapStart priming, tests): current versions only, keys listed in order. */
public final class InMemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

    public void put(String bucket, String key, String content) {
        objects.put(bucket + "/" + key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The object's text, or null when there is none. */
    public String text(String bucket, String key) {
        byte[] bytes = objects.get(bucket + "/" + key);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) throws IOException {
        byte[] bytes = objects.get(bucket + "/" + key);
        if (bytes == null) {
            throw new IOException("NoSuchKey: s3://" + bucket + "/" + key);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public List<String> list(String bucket, String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/" + prefix))
                .map(k -> k.substring(bucket.length() + 1)).toList();
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        objects.put(bucket + "/" + key, content.clone());
    }
}
