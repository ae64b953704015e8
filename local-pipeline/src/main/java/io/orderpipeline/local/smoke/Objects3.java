package io.orderpipeline.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the smoke does in S3 besides uploading: read a report, remove every version of what it created. */
final class Objects3 {
    private Objects3() {
    }

    /** A JSON object of the bucket, or why it cannot be had. */
    sealed interface Read {
    }

    record Found(JsonNode json) implements Read {
    }

    record Missing(String why) implements Read {
    }

    /**
     * Reads a JSON object. S3 answers a missing key with 403 to a caller that may not list the bucket
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html): a 403 is told missing or denied by listing
     * the key's versions (the smoke may list its own prefixes).
     *
     * @throws SdkException when S3 denies the read of an object that is there, or fails otherwise
     */
    static Read json(S3Client s3, String bucket, String key) {
        try {
            var bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            try {
                return new Found(SmokeFiles.JSON.readTree(bytes));
            } catch (IOException e) {
                return new Missing("s3://" + bucket + "/" + key + " is not JSON: " + e.getMessage());
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return new Missing("s3://" + bucket + "/" + key + " does not exist");
            }
            if (e.statusCode() == 403 && versions(s3, bucket, key, true).isEmpty()) {
                return new Missing("s3://" + bucket + "/" + key + " does not exist (403 to GetObject, and no version"
                        + " of the key is listed)");
            }
            throw e;
        }
    }

    /** A version or delete marker of a key. */
    record Version(String key, String versionId) {
    }

    /**
     * Every version and delete marker under {@code keyOrPrefix} (of exactly that key when {@code exact}): in a
     * versioned bucket a plain DeleteObject only adds a delete marker.
     */
    static List<Version> versions(S3Client s3, String bucket, String keyOrPrefix, boolean exact) {
        var versions = new ArrayList<Version>();
        for (var page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(keyOrPrefix))) {
            page.versions().forEach(v -> versions.add(new Version(v.key(), v.versionId())));
            page.deleteMarkers().forEach(m -> versions.add(new Version(m.key(), m.versionId())));
        }
        return exact ? versions.stream().filter(v -> v.key().equals(keyOrPrefix)).toList() : versions;
    }

    /** Removes every version and delete marker under {@code keyOrPrefix}; how many it removed. */
    static int deleteEveryVersion(S3Client s3, String bucket, String keyOrPrefix, boolean exact) {
        var versions = versions(s3, bucket, keyOrPrefix, exact);
        for (var version : versions) {
            s3.deleteObject(b -> b.bucket(bucket).key(version.key()).versionId(nullIfUnversioned(version.versionId())));
        }
        return (int) versions.stream().map(Version::key).distinct().count();
    }

    private static String nullIfUnversioned(String versionId) {
        return "null".equals(versionId) ? null : versionId;
    }

    static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.path(field).asText(null));
    }
}
