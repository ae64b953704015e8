package io.orderpipeline.reconciler.aws;

import io.orderpipeline.reconciler.core.ObjectStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@link ObjectStore} on S3: GetObject (a version, streamed), ListObjectsV2 (paginated), PutObject. */
public final class S3Objects implements ObjectStore {

    private final S3Client s3;

    public S3Objects(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId));
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key
                    + (versionId == null ? "" : " (version " + versionId + ")") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String bucket, String prefix) throws IOException {
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
