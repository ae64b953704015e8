package io.orderpipeline.local.smoke;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A key from S3's events names the uploaded key whether it was sent as is or URL-encoded (issue #21 §1). */
class ObjectKeysTest {
    private static final String KEY = "incoming/smoke-1/key with space +plus =equals ünïcødé.json";

    @Test
    void aKeySentAsIsOrFormEncodedOrPercentEncodedNamesTheUploadedKey() {
        assertThat(ObjectKeys.encoding(KEY, KEY)).isEqualTo("as uploaded");
        var formEncoded = "incoming/smoke-1/key+with+space+%2Bplus+%3Dequals+%C3%BCn%C3%AFc%C3%B8d%C3%A9.json";
        assertThat(ObjectKeys.encoding(formEncoded, KEY)).startsWith("URL-encoded (");
        var percentEncoded = "incoming/smoke-1/key%20with%20space%20%2Bplus%20%3Dequals%20%C3%BCn%C3%AFc%C3%B8d%C3%A9.json";
        assertThat(ObjectKeys.encoding(percentEncoded, KEY)).startsWith("URL-encoded (");
        assertThat(ObjectKeys.encoding("incoming/smoke-1/other.json", KEY)).isNull();
    }

    @Test
    void aPlusInAKeySentAsIsIsNotTakenForASpace() {
        assertThat(ObjectKeys.candidates("incoming/a+b.json")).contains("incoming/a+b.json", "incoming/a b.json");
        assertThat(ObjectKeys.encoding("incoming/a+b.json", "incoming/a+b.json")).isEqualTo("as uploaded");
        assertThat(ObjectKeys.candidates("incoming/100%.json")).containsExactly("incoming/100%.json");
    }

    @Test
    void aReceivedKeyIsUnderThePrefixWhicheverWayItWasSent() {
        assertThat(ObjectKeys.under("incoming%2Fsmoke-1%2Fx.json", "incoming/smoke-1/")).isTrue();
        assertThat(ObjectKeys.under("incoming/smoke-2/x.json", "incoming/smoke-1/")).isFalse();
        assertThat(ObjectKeys.under(null, "incoming/smoke-1/")).isFalse();
    }
}
