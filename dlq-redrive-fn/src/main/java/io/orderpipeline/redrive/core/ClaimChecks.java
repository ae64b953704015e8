package io.orderpipeline.redrive.core;

import java.util.Optional;

/**
 * The claim-check side of the DLQ (data-contracts.md §7): a message whose body was over SQS's limit carries, as its
 * body, a pointer to {@code s3://<OrdersBucket>/<prefix><uuid>}. Bodies are read before their message is triaged and
 * deleted only after their message is gone; only pointers under the claim-check prefix of the orders bucket are
 * followed.
 */
public interface ClaimChecks {

    /** Where a claim-check body lives. {@code json} is the pointer as the store reads it. */
    record Pointer(String bucket, String key, String json) {
        public String location() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** What a received message's body turned out to be. */
    sealed interface Body {
    }

    /** A body sent inline (no claim check). */
    record Inline(String text) implements Body {
    }

    /** A claim-check body, fetched from the store. */
    record Fetched(String text, Pointer pointer) implements Body {
    }

    /**
     * A claim check the redrive cannot follow: a pointer it cannot read, one outside the orders bucket's claim-check
     * prefix, or a body that is no longer stored. The message is left as it is.
     */
    record Unusable(String why) implements Body {
    }

    /**
     * The message's body: its own, or the one its claim check points to.
     *
     * @throws RuntimeException when the store fails otherwise than by not having the body (throttling, a network
     *                          error, access denied): the caller leaves the message for the next run
     */
    Body read(ReceivedMessage message);

    /**
     * The pointer of a claim-check message, when it points where the pipeline writes bodies; empty otherwise.
     *
     * @throws RuntimeException when the body is not a pointer
     */
    Optional<Pointer> pointer(ReceivedMessage message);

    /**
     * Deletes a body whose message is gone (stored, replaced or collapsed).
     *
     * @throws RuntimeException when the store refuses: the body stays, no message points to it any more
     */
    void delete(Pointer pointer);
}
