package io.orderpipeline.reconciler.aws;

import io.orderpipeline.reconciler.core.ObjectStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * {@link ObjectStore} on S3: GetObject (a version, streamed or its first bytes), HeadObject, ListObjectsV2
 * (paginated), PutObject.
 */
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
    public Optional<ObjectVersion> describe(String bucket, String key, String versionId) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId));
            return Optional.of(new ObjectVersion(key, head.versionId(), head.contentLength(), head.eTag()));
        } catch (S3Exception e) {
            // HEAD answers carry no error code: 404 (no such key or version), 403 (the same without s3:ListBucket),
            // 400 (a version id S3 cannot use for this key) all say "not this object"
            // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html)
            if (e.statusCode() == 404 || e.statusCode() == 403 || e.statusCode() == 400) {
                return Optional.empty();
            }
            throw new IOException("cannot describe s3://" + bucket + "/" + key + version(versionId) + ": "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot describe s3://" + bucket + "/" + key + version(versionId) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] firstBytes(String bucket, String key, String versionId, int count) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)
                    .range("bytes=0-" + (count - 1))).asByteArray();
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new byte[0]; // an empty object has no byte 0 (InvalidRange)
            }
            throw new IOException("cannot read s3://" + bucket + "/" + key + version(versionId) + ": "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + version(versionId) + ": "
                    + e.getMessage(), e);
        }
    }

    private static String version(String versionId) {
        return versionId == null ? "" : " (version " + versionId + ")";
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
