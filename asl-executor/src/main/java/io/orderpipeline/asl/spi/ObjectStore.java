package io.orderpipeline.asl.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * Writes the content of a local file (a ResultWriter's result file, which can be larger than memory should hold).
     * By default the file is read whole and given to {@link #put(String, String, byte[])}; a store that can stream
     * it should.
     *
     * @throws StatesError when the object cannot be written ({@code States.ResultWriterFailed})
     */
    default void put(String bucket, String key, Path content) throws StatesError {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(content);
        } catch (IOException e) {
            throw new StatesError(ErrorNames.RESULT_WRITER_FAILED, "cannot read " + content + ": " + e.getMessage());
        }
        put(bucket, key, bytes);
    }
}
