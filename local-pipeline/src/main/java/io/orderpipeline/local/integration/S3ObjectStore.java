package io.orderpipeline.local.integration;

import io.orderpipeline.asl.spi.ObjectStore;
import io.orderpipeline.asl.spi.StatesError;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
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
        puts.incrementAndGet();
        try {
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new StatesError("States.ResultWriterFailed", "Could not write s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }
}
