package io.orderpipeline.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event per committed object version, as S3 sends them, whatever S3Proxy's listing shows while an upload is
 * written: its temporary file without a version, or that file and the object both, when the listing reads the
 * directory during the rename (a serve once started a second execution for such a file).
 */
class BucketWatcherTest {

    private static final Instant T = Instant.parse("2026-12-07T19:08:21Z");

    @Test
    void anUploadInFlightStartsOneEventForTheObjectAndNoneForItsTemporaryFile() throws Exception {
        var written = version("incoming/orders.jsonl", "v7", 1019);
        var temporary = version("incoming/orders.jsonl-6f0c2b1e-6d53-4c1f-9f0e-3a1f2c4d5e6f", "v7", 1019);
        var unversionedYet = version("incoming/big.jsonl-0d9c8b7a-1111-2222-3333-444455556666", null, 4096);
        var s3 = new ScriptedS3(true, Set.of("incoming/orders.jsonl@v7", "incoming/later.jsonl@v8"),
                List.of(),                                  // at start: an empty bucket
                List.of(unversionedYet),                    // an upload being written, no version yet
                List.of(written, temporary, written),       // read during the rename: both names, one row twice
                List.of(written, version("incoming/later.jsonl", "v8", 10)));
        var events = watch(s3);

        assertThat(events).extracting(e -> e.path("detail").path("object").path("key").asText()
                        + "@" + e.path("detail").path("object").path("version-id").asText())
                .containsExactly("incoming/orders.jsonl@v7", "incoming/later.jsonl@v8");
    }

    @Test
    void inABucketWithoutVersioningEveryNewObjectHasItsEvent() throws Exception {
        var s3 = new ScriptedS3(false, Set.of("incoming/a.jsonl@null"),
                List.of(),
                List.of(version("incoming/a.jsonl", "null", 5)));
        var events = watch(s3);

        assertThat(events).hasSize(1);
        assertThat(events.getFirst().path("detail").path("object").path("key").asText()).isEqualTo("incoming/a.jsonl");
    }

    private static List<ObjectNode> watch(ScriptedS3 s3) throws Exception {
        var events = new CopyOnWriteArrayList<ObjectNode>();
        try (var watcher = BucketWatcher.start(s3, "orders-bucket", ObjectCreatedEvent.KeyEncoding.RAW,
                Duration.ofMillis(5), events::add, note -> { })) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s3.listings.get() < s3.script.size() + 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        return events;
    }

    private static ObjectVersion version(String key, String versionId, long size) {
        return ObjectVersion.builder().key(key).versionId(versionId).size(size).eTag("\"d080a29a4a08a1dd1f48dd38ae74c26b\"")
                .lastModified(T).isLatest(true).build();
    }

    /** Answers the watcher's three calls: its listings in turn (the last one again and again), and HEADs of {@code objects}. */
    private static final class ScriptedS3 implements S3Client {
        final List<List<ObjectVersion>> script;
        final AtomicInteger listings = new AtomicInteger();
        private final boolean versioned;
        private final Set<String> objects;

        @SafeVarargs
        ScriptedS3(boolean versioned, Set<String> objects, List<ObjectVersion>... listings) {
            this.versioned = versioned;
            this.objects = objects;
            this.script = List.of(listings);
        }

        @Override
        public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
            return GetBucketVersioningResponse.builder()
                    .status(versioned ? BucketVersioningStatus.ENABLED : null).build();
        }

        @Override
        public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest request) {
            int n = listings.getAndIncrement();
            return ListObjectVersionsResponse.builder().isTruncated(false)
                    .versions(script.get(Math.min(n, script.size() - 1))).build();
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            String id = request.key() + "@" + (request.versionId() == null ? "null" : request.versionId());
            if (!objects.contains(id)) {
                throw NoSuchKeyException.builder().statusCode(404).message("Not Found").build();
            }
            return HeadObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
