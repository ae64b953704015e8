package io.orderpipeline.model;

import java.util.Objects;

/** Where an order came from: the S3 object (version pinned when the bucket is versioned; {@code versionId} may be null). */
public record SourceRef(String bucket, String key, String versionId) {
    public SourceRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }
}
