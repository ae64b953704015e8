package io.orderpipeline.asl.spi;

import java.io.InputStream;

/**
 * The S3 a Distributed Map talks to: its {@code ItemReader} ({@code arn:aws:states:::s3:getObject}) reads through
 * {@link #open}, its {@code ResultWriter} ({@code arn:aws:states:::s3:putObject}) writes through {@link #put}.
 */
public interface ObjectStore {

    /**
     * @param versionId the pinned version, or null for the current one
     * @throws StatesError when the object cannot be read (the executor reports it as {@code States.ItemReaderFailed})
     */
    InputStream open(String bucket, String key, String versionId) throws StatesError;

    /** @throws StatesError when the object cannot be written ({@code States.ResultWriterFailed}) */
    void put(String bucket, String key, byte[] content) throws StatesError;
}
