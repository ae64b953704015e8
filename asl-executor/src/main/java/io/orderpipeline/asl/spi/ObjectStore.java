package io.orderpipeline.asl.spi;

import java.io.InputStream;

/**
 * Where a Distributed Map's {@code ItemReader} (Resource {@code arn:aws:states:::s3:getObject}) reads objects from.
 */
@FunctionalInterface
public interface ObjectStore {

    /**
     * @param versionId the pinned version, or null for the current one
     * @throws StatesError when the object cannot be read (the executor reports it as {@code States.ItemReaderFailed})
     */
    InputStream open(String bucket, String key, String versionId) throws StatesError;
}
