package io.orderpipeline.reconciler.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The S3 calls the reconciler makes (reads of the order file and the map results, the report). */
public interface ObjectStore {

    /** @param versionId null for the current version */
    InputStream open(String bucket, String key, String versionId) throws IOException;

    /** Every key under {@code prefix}, in S3's order (UTF-8 binary). */
    List<String> list(String bucket, String prefix) throws IOException;

    void put(String bucket, String key, byte[] content, String contentType) throws IOException;
}
