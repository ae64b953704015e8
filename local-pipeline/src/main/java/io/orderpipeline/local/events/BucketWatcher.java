package io.orderpipeline.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What S3 does for a bucket with EventBridge notifications on, for a bucket no emulator sends events for: it lists the
 * bucket's object versions every {@code interval}, and for each new one builds the "Object Created" event
 * ({@link ObjectCreatedEvent}, from the version's key, size, ETag, version id and time) and hands it on — in the
 * order the versions were created — whatever client wrote the object. Versions present when it starts are not new.
 * <p>
 * One thread does both the listing and the hand-over, so events are handled one at a time. A failing listing (the
 * bucket was deleted, the emulator is busy) is reported once per distinct failure and tried again at the next tick.
 * <p>
 * S3 sends an "Object Created" event for a request that completed (its {@code reason}: PutObject, POST Object,
 * CopyObject, CompleteMultipartUpload; https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html, checked
 * 2026-12-07), so for committed objects only. S3Proxy's file store writes an upload to a temporary file beside the
 * object ({@code <key>-<uuid>}) and renames it, so a listing can show that file — without a version while it is
 * written, and, read during the rename, beside the object itself. Neither is an object: in a versioned bucket a row
 * without a version is passed over until it has one, and each new version is confirmed with a {@code HeadObject}
 * before its event is sent (a temporary file is gone by then).
 */
public final class BucketWatcher implements AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final Consumer<ObjectNode> events;
    private final Consumer<String> notes;
    private final ObjectCreatedEvent.KeyEncoding keyEncoding;
    private final Set<String> seen = new HashSet<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "bucket-watcher");
        t.setDaemon(true);
        return t;
    });
    private String lastFailure;
    private boolean versioned;

    /**
     * @param events receives each event, on the watcher's thread (it decides what to do with it, as a rule does)
     * @param notes  receives a line when listing the bucket fails, and when it works again
     */
    private BucketWatcher(S3Client s3, String bucket, ObjectCreatedEvent.KeyEncoding keyEncoding,
                          Consumer<ObjectNode> events, Consumer<String> notes) {
        this.s3 = s3;
        this.keyEncoding = keyEncoding;
        this.bucket = bucket;
        this.events = events;
        this.notes = notes;
    }

    /**
     * Takes the bucket's current versions as seen, then watches it every {@code interval}.
     *
     * @param keyEncoding how the events spell each key (the run's {@code --event-key-encoding})
     */
    public static BucketWatcher start(S3Client s3, String bucket, ObjectCreatedEvent.KeyEncoding keyEncoding,
                                      Duration interval, Consumer<ObjectNode> events, Consumer<String> notes) {
        var watcher = new BucketWatcher(s3, bucket, keyEncoding, events, notes);
        try {
            watcher.versioned = s3.getBucketVersioning(b -> b.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
            watcher.versions().forEach(v -> watcher.seen.add(id(v)));
        } catch (SdkException e) {
            watcher.failed(e);
        }
        watcher.thread.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void poll() {
        List<ObjectVersion> fresh;
        try {
            fresh = versions().stream().filter(v -> !seen.contains(id(v))).sorted(CREATION_ORDER).toList();
        } catch (SdkException e) {
            failed(e);
            return;
        }
        if (lastFailure != null) {
            notes.accept("listing s3://" + bucket + " works again");
            lastFailure = null;
        }
        for (var version : fresh) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (versioned && versionId(version) == null) {
                continue; // still being written: it has a version once committed
            }
            if (!seen.add(id(version)) || !committed(version)) {
                continue; // listed twice, or a temporary file that was renamed meanwhile
            }
            try {
                events.accept(ObjectCreatedEvent.of(bucket, version.key(), keyEncoding, version.size(), version.eTag(),
                        versionId(version), version.lastModified()));
            } catch (RuntimeException e) {
                notes.accept("handling the event of s3://" + bucket + "/" + version.key() + " failed: " + e);
            }
        }
    }

    /** Whether the version is an object now; on any other failure than "not found" it is taken as one (no event lost). */
    private boolean committed(ObjectVersion version) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(version.key()).versionId(versionId(version)));
            return true;
        } catch (NoSuchKeyException gone) {
            return false;
        } catch (S3Exception e) {
            return e.statusCode() != 404;
        } catch (SdkException e) {
            return true;
        }
    }

    /** Oldest first; versions of one second (S3's listing has no finer time) in key order. */
    private static final Comparator<ObjectVersion> CREATION_ORDER = Comparator.comparing(ObjectVersion::lastModified)
            .thenComparing(ObjectVersion::key).thenComparing(ObjectVersion::versionId);

    private List<ObjectVersion> versions() {
        var all = new ArrayList<ObjectVersion>();
        s3.listObjectVersionsPaginator(b -> b.bucket(bucket)).forEach(page -> all.addAll(page.versions()));
        return all;
    }

    /** The version's id, or null in a bucket without versioning (S3 lists its objects' version as "null"). */
    private static String versionId(ObjectVersion version) {
        return version.versionId() == null || "null".equals(version.versionId()) ? null : version.versionId();
    }

    private static String id(ObjectVersion version) {
        return version.key() + "\u0000" + version.versionId();
    }

    private void failed(SdkException e) {
        var message = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!message.equals(lastFailure)) {
            notes.accept("listing s3://" + bucket + " failed (" + message + "); no events until it works again");
            lastFailure = message;
        }
    }

    /** Stops watching; an event being handled is interrupted and given up to 10 s to end. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
