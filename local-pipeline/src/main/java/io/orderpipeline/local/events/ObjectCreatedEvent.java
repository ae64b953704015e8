package io.orderpipeline.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.local.template.LocalNames;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The EventBridge "Object Created" event S3 sends for a PutObject when the bucket has EventBridge notifications on.
 * No S3 emulator emits it, so the local pipeline builds it from the PutObject response.
 */
public final class ObjectCreatedEvent {

    /**
     * How the event spells {@code detail.object.key}. S3 documents its notification keys as URL-encoded ("red
     * flower.jpg" becomes "red+flower.jpg":
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html); its EventBridge page
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html) does not say, so the pipeline is run
     * both ways.
     */
    public enum KeyEncoding {
        /** The key as stored. */
        RAW,
        /** application/x-www-form-urlencoded, UTF-8, {@code /} kept (a space is {@code +}, a {@code +} is {@code %2B}). */
        URL;

        public String apply(String key) {
            if (this == RAW) {
                return key;
            }
            return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/");
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCER = new AtomicLong(System.nanoTime());

    private ObjectCreatedEvent() {
    }

    /**
     * @param etag      the object's ETag (quotes are removed, as in the real event)
     * @param versionId null for an unversioned bucket (the field is then absent)
     */
    public static ObjectNode of(String bucket, String key, long size, String etag, String versionId, Instant time) {
        return of(bucket, key, KeyEncoding.RAW, size, etag, versionId, time);
    }

    /** @param encoding how the event spells the key */
    public static ObjectNode of(String bucket, String key, KeyEncoding encoding, long size, String etag,
                                String versionId, Instant time) {
        var event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Object Created");
        event.put("source", "aws.s3");
        event.put("account", LocalNames.ACCOUNT_ID);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", LocalNames.REGION);
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        var detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        var object = detail.putObject("object");
        object.put("key", encoding.apply(key));
        object.put("size", size);
        object.put("etag", etag == null ? null : etag.replace("\"", ""));
        if (versionId != null) {
            object.put("version-id", versionId);
        }
        object.put("sequencer", HexFormat.of().toHexDigits(SEQUENCER.incrementAndGet()).toUpperCase(Locale.ROOT));
        detail.put("request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT));
        detail.put("requester", LocalNames.ACCOUNT_ID);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", "PutObject");
        return event;
    }
}
