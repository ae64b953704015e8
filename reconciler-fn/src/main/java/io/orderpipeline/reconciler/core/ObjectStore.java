package io.orderpipeline.reconciler.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The S3 calls the reconciler makes (reads of the order file and the map results, the report). */
public interface ObjectStore {

    /**
     * One version of an object as S3 describes it (HeadObject).
     *
     * @param versionId null in a bucket that is not versioned
     * @param etag      as S3 gives it (quoted)
     */
    record ObjectVersion(String key, String versionId, long size, String etag) {
    }

    /** @param versionId null for the current version */
    InputStream open(String bucket, String key, String versionId) throws IOException;

    /**
     * What S3 says of a version of an object (the current one for a null {@code versionId}); empty when there is no
     * such key or version. Without {@code s3:ListBucket} S3 answers a missing key with 403, not 404
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html); the reconciler may read every key under
     * {@code incoming/}, so there a 403 means the key is not there.
     *
     * @throws IOException when S3 fails otherwise
     */
    Optional<ObjectVersion> describe(String bucket, String key, String versionId) throws IOException;

    /** At most the first {@code count} bytes of a version of an object (fewer, or none, when it is shorter). */
    byte[] firstBytes(String bucket, String key, String versionId, int count) throws IOException;

    /** Every key under {@code prefix}, in S3's order (UTF-8 binary). */
    List<String> list(String bucket, String prefix) throws IOException;

    void put(String bucket, String key, byte[] content, String contentType) throws IOException;
}
