package io.orderpipeline.redrive.aws;

import io.orderpipeline.redrive.Dlq;
import io.orderpipeline.redrive.core.ClaimChecks;
import io.orderpipeline.redrive.core.ReceivedMessage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The claim-check bodies in S3, read and deleted with the Extended Client Library's own payload store. */
class S3ClaimChecksTest {

    private final FakeS3 s3 = new FakeS3();
    private final S3ClaimChecks claimChecks = new S3ClaimChecks(s3.client, Dlq.BUCKET, Dlq.PAYLOADS);

    private static ReceivedMessage claimCheck(String bucket, String key) {
        return claimCheck("[\"software.amazon.payloadoffloading.PayloadS3Pointer\",{\"s3BucketName\":\"" + bucket
                + "\",\"s3Key\":\"" + key + "\"}]");
    }

    private static ReceivedMessage claimCheck(String pointer) {
        return new ReceivedMessage("m-1", "rh-1", pointer, Map.of(), true);
    }

    @Test
    void aMessageSentInlineIsItsOwnBodyAndNothingIsRead() {
        var body = claimChecks.read(new ReceivedMessage("m-1", "rh-1", "{\"kind\":\"ORDER\"}", Map.of(), false));

        assertThat(body).isEqualTo(new ClaimChecks.Inline("{\"kind\":\"ORDER\"}"));
        assertThat(s3.calls).isEmpty();
    }

    @Test
    void aClaimCheckIsReadFromTheBucketAndItsBodyDeletedByItsPointer() {
        s3.objects.put(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "abc", "{\"big\":true}");

        var body = claimChecks.read(claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "abc"));

        assertThat(body).isInstanceOfSatisfying(ClaimChecks.Fetched.class, fetched -> {
            assertThat(fetched.text()).isEqualTo("{\"big\":true}");
            assertThat(fetched.pointer().location()).isEqualTo("s3://" + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "abc");
            claimChecks.delete(fetched.pointer());
        });
        assertThat(s3.objects).isEmpty();
        assertThat(s3.calls).containsExactly("GET " + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "abc",
                "DELETE " + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "abc");
    }

    @Test
    void theLibrarysOlderPointerClassIsReadToo() {
        s3.objects.put(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "legacy", "{}");

        assertThat(claimChecks.read(claimCheck("[\"com.amazon.sqs.javamessaging.MessageS3Pointer\",{\"s3BucketName\":\""
                + Dlq.BUCKET + "\",\"s3Key\":\"" + Dlq.PAYLOADS + "legacy\"}]"))).isInstanceOf(ClaimChecks.Fetched.class);
    }

    @Test
    void onlyPointersUnderThePrefixOfTheOrdersBucketAreFollowed() {
        for (ReceivedMessage elsewhere : new ReceivedMessage[] {claimCheck("someone-elses-bucket", Dlq.PAYLOADS + "x"),
                claimCheck(Dlq.BUCKET, "incoming/orders.json"), claimCheck(Dlq.BUCKET, Dlq.PAYLOADS),
                claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "../incoming/orders.json")}) {
            assertThat(claimChecks.read(elsewhere)).as(elsewhere.body()).isInstanceOfSatisfying(ClaimChecks.Unusable.class,
                    unusable -> assertThat(unusable.why()).contains("points outside"));
            assertThat(claimChecks.pointer(elsewhere)).isEmpty();
        }
        assertThat(claimChecks.read(claimCheck("not a pointer"))).isInstanceOfSatisfying(ClaimChecks.Unusable.class,
                unusable -> assertThat(unusable.why()).contains("cannot be read"));
        assertThat(s3.calls).isEmpty();
    }

    @Test
    void aBodyNoLongerInS3IsUnusableAndAnyOtherS3FailureIsThrown() {
        assertThat(claimChecks.read(claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "gone")))
                .isInstanceOfSatisfying(ClaimChecks.Unusable.class, u -> assertThat(u.why()).contains("is not in S3")
                        .contains("404"));
        assertThat(s3.calls).as("a 404 needs no listing").containsExactly("GET " + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "gone");

        s3.objects.put(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "slow", "{}");
        s3.slowDown.add(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "slow");
        assertThatThrownBy(() -> claimChecks.read(claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "slow")))
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
    }

    @Test
    void a403ForABodyThatIsGoneIsAMissingBodyOnceAListingOfTheKeyFindsNothing() {
        s3.missingKeysDenied = true;
        s3.objects.put(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "gone-but-longer", "{}");

        var body = claimChecks.read(claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "gone"));

        assertThat(body).isInstanceOfSatisfying(ClaimChecks.Unusable.class, u -> assertThat(u.why())
                .contains("s3://" + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "gone is not in S3").contains("403")
                .contains("a listing of the key finds no object"));
        assertThat(s3.calls).containsExactly("GET " + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "gone",
                "LIST " + Dlq.BUCKET + "/" + Dlq.PAYLOADS + "gone");
    }

    @Test
    void a403ForABodyThatIsThereIsADeniedReadAndThrown() {
        s3.objects.put(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "there", "{}");
        s3.denyGet.add(Dlq.BUCKET + "/" + Dlq.PAYLOADS + "there");

        assertThatThrownBy(() -> claimChecks.read(claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "there")))
                .isInstanceOf(S3ClaimChecks.AccessDenied.class)
                .hasMessageContaining("is denied").hasMessageContaining("the object is there")
                .hasRootCauseInstanceOf(S3Exception.class);
    }

    @Test
    void a403ThatNoListingCanExplainIsMissingOrDeniedAndThrown() {
        s3.missingKeysDenied = true;
        s3.denyList = true;

        assertThatThrownBy(() -> claimChecks.read(claimCheck(Dlq.BUCKET, Dlq.PAYLOADS + "unknown")))
                .isInstanceOf(S3ClaimChecks.AccessDenied.class)
                .hasMessageContaining("is missing or may not be read").hasMessageContaining("s3:ListBucket");
    }
}
