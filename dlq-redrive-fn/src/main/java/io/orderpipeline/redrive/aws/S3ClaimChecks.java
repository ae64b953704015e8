package io.orderpipeline.redrive.aws;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedClientUtil;
import com.amazon.sqs.javamessaging.ExtendedClientConfiguration;
import io.orderpipeline.redrive.core.ClaimChecks;
import io.orderpipeline.redrive.core.ReceivedMessage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import software.amazon.payloadoffloading.PayloadStore;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;

import java.util.Map;
import java.util.Optional;

/**
 * {@link ClaimChecks} in S3 (data-contracts.md §7): a message whose body was over SQS's limit carries the attribute
 * {@code ExtendedPayloadSize} and, as its body, the Amazon SQS Extended Client Library's pointer to
 * {@code s3://<OrdersBucket>/<prefix><uuid>}. The redrive reads and deletes such bodies itself, with the library's own
 * payload store (payloadoffloading-common), rather than through {@code AmazonSQSExtendedClient}'s receive and delete:
 * that receive fails the whole batch when one body is missing, and its {@code deleteMessageBatch} deletes the bodies
 * in S3 <em>before</em> the SQS messages, so a failed SQS delete would leave a message whose body is gone. Here a
 * missing body leaves only its own message untouched, and a body is deleted only after its message is.
 * <p>
 * Only pointers into the orders bucket under the claim-check prefix are followed: the function's role may read and
 * delete nothing else, and a pointer elsewhere is not one the pipeline wrote.
 * <p>
 * A body that is gone (a duplicate whose sibling was handled and its body deleted) is answered 404 NoSuchKey only to a
 * caller that may list the bucket; to one that may not, S3 answers 403 AccessDenied
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions"). The role gets
 * {@code s3:ListBucket} scoped by {@code s3:prefix} to the claim-check prefix; whether S3 counts a list permission with
 * that condition for a GetObject is not documented, so a 403 is told apart here by listing that exact key: not
 * listed, the body is missing; listed, reading it is denied; the listing refused too, it is missing or denied and the
 * error says so.
 */
public final class S3ClaimChecks implements ClaimChecks {

    /** SQS's message size limit, the threshold data-contracts.md §7 fixes for the claim check (body + attributes). */
    static final int SQS_LIMIT_BYTES = 262_144;
    /** The pointer class name of the library's 1.x releases; its receive rewrites it the same way. */
    private static final String LEGACY_POINTER_CLASS = "com.amazon.sqs.javamessaging.MessageS3Pointer";
    private static final String POINTER_CLASS = PayloadS3Pointer.class.getName();

    private final PayloadStore store;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param bucket the orders bucket ({@code ORDERS_BUCKET_NAME})
     * @param prefix the claim-check key prefix ({@code CLAIM_CHECK_PREFIX}, e.g. {@code dlq-payloads/})
     */
    public S3ClaimChecks(S3Client s3, String bucket, String prefix) {
        this.store = new S3BackedPayloadStore(new S3Dao(s3), bucket);
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * How copies are sent through {@code AmazonSQSExtendedClient}: a copy over {@link #SQS_LIMIT_BYTES} gets its own
     * new body object under the prefix and the attribute {@code ExtendedPayloadSize} (not the library's legacy name),
     * exactly as the reconciler parks (data-contracts.md §7); the others go inline.
     */
    public static ExtendedClientConfiguration sending(S3Client s3, String bucket, String prefix) {
        return new ExtendedClientConfiguration()
                .withPayloadSupportEnabled(s3, bucket)
                .withS3KeyPrefix(prefix)
                .withPayloadSizeThreshold(SQS_LIMIT_BYTES)
                .withLegacyReservedAttributeNameDisabled();
    }

    /** Whether a message is a claim check: it carries the library's size attribute (either of its names). */
    static boolean isClaimCheck(Map<String, MessageAttributeValue> attributes) {
        return AmazonSQSExtendedClientUtil.getReservedAttributeNameIfPresent(attributes).isPresent();
    }

    /** The attributes a claim check carries that a copy must not: the library sets them again when it offloads. */
    static boolean isReservedAttribute(String name) {
        return AmazonSQSExtendedClientUtil.RESERVED_ATTRIBUTE_NAMES.contains(name);
    }

    /**
     * The message's body: its own, or the one its claim check points to.
     *
     * @throws SdkException  when S3 fails otherwise than by not having the body (throttling, a network error): the
     *                       caller leaves the message for the next run
     * @throws AccessDenied  when S3 answers 403 and the body is there, or cannot be told missing (the message stays)
     */
    @Override
    public Body read(ReceivedMessage message) {
        if (!message.claimCheck()) {
            return new Inline(message.body());
        }
        Optional<Pointer> pointer;
        try {
            pointer = pointer(message);
        } catch (SdkException | IllegalArgumentException e) {
            return new Unusable("its claim-check pointer cannot be read (" + e.getMessage() + ")");
        }
        if (pointer.isEmpty()) {
            return new Unusable("its claim check points outside s3://" + bucket + "/" + prefix);
        }
        try {
            return new Fetched(store.getOriginalPayload(pointer.get().json()), pointer.get());
        } catch (SdkException e) {
            if (status(e) == 404) {
                return new Unusable("its claim-check body " + pointer.get().location() + " is not in S3 (404 NoSuchKey)");
            }
            if (status(e) == 403) {
                return missingOrDenied(pointer.get(), e);
            }
            throw e;
        }
    }

    /**
     * GetObject answered 403 AccessDenied: the body is missing (S3 hides that from a caller that may not list) or the
     * read is denied. A listing of that exact key decides.
     */
    private Body missingOrDenied(Pointer pointer, SdkException denied) {
        boolean listed;
        try {
            listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix(pointer.key()).maxKeys(1)).contents().stream()
                    .map(S3Object::key).anyMatch(pointer.key()::equals);
        } catch (SdkException e) {
            if (status(e) != 403) {
                throw e;
            }
            AccessDenied unknown = new AccessDenied("its claim-check body " + pointer.location() + " is missing or may"
                    + " not be read: S3 answered 403 AccessDenied to GetObject and to a listing of the key (grant"
                    + " s3:ListBucket on the claim-check prefix so S3 can say which)", denied);
            unknown.addSuppressed(e);
            throw unknown;
        }
        if (listed) {
            throw new AccessDenied("reading its claim-check body " + pointer.location() + " is denied (403"
                    + " AccessDenied): the object is there (a listing of the key shows it); check the role's"
                    + " s3:GetObject on the claim-check prefix", denied);
        }
        return new Unusable("its claim-check body " + pointer.location() + " is not in S3 (GetObject answered 403"
                + " AccessDenied, as S3 does for a missing key; a listing of the key finds no object)");
    }

    /**
     * S3 refused to read a claim-check body with 403 AccessDenied, and it is there or cannot be told missing: the
     * message stays in the DLQ and the run counts an error.
     */
    public static final class AccessDenied extends RuntimeException {
        AccessDenied(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The pointer of a claim-check message, when it points where the pipeline writes bodies; empty otherwise.
     *
     * @throws SdkException when the body is not the library's pointer
     */
    @Override
    public Optional<Pointer> pointer(ReceivedMessage message) {
        String json = message.body().replace(LEGACY_POINTER_CLASS, POINTER_CLASS);
        PayloadS3Pointer pointer = PayloadS3Pointer.fromJson(json);
        String key = pointer.getS3Key();
        if (!bucket.equals(pointer.getS3BucketName()) || key == null || !key.startsWith(prefix)
                || key.length() == prefix.length() || key.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(new Pointer(bucket, key, json));
    }

    /**
     * Deletes a body whose message is gone (stored, replaced or collapsed). In a versioned bucket this adds a delete
     * marker; the body stays a noncurrent version until the bucket's lifecycle expires it.
     *
     * @throws SdkException when S3 refuses: the body stays, no message points to it any more
     */
    @Override
    public void delete(Pointer pointer) {
        store.deleteOriginalPayload(pointer.json());
    }

    /** The HTTP status of S3's answer (the library wraps S3's error), 0 when no S3 answer is in the chain. */
    private static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchKeyException) {
                return 404;
            }
            if (t instanceof S3Exception s3) {
                return s3.statusCode();
            }
        }
        return 0;
    }
}
