package io.orderpipeline.local.integration;

import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The Distributed Map's ItemReader and ResultWriter over the S3 emulator; counts GET and PUT requests. */
public final class S3ObjectStore implements ObjectStore {
    private final S3Client client;
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong puts = new AtomicLong();

    public S3ObjectStore(S3Client client) {
        this.client = client;
    }

    public long getRequests() {
        return gets.get();
    }

    public long putRequests() {
        return puts.get();
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) throws StatesError {
        gets.incrementAndGet();
        try {
            return client.getObject(b -> b.bucket(bucket).key(key).versionId(versionId));
        } catch (SdkException e) {
            throw new StatesError("States.ItemReaderFailed", "Could not read s3://" + bucket + "/" + key
                    + (versionId == null ? "" : "?versionId=" + versionId) + ": " + e.getMessage());
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content) throws StatesError {
        put(bucket, key, RequestBody.fromBytes(content));
    }

    /** A result file streamed from disk: a map run's results are never held in memory whole. */
    @Override
    public void put(String bucket, String key, Path content) throws StatesError {
        put(bucket, key, RequestBody.fromFile(content));
    }

    private void put(String bucket, String key, RequestBody content) throws StatesError {
        puts.incrementAndGet();
        try {
            client.putObject(b -> b.bucket(bucket).key(key), content);
        } catch (SdkException e) {
            throw new StatesError("States.ResultWriterFailed", "Could not write s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }
}
